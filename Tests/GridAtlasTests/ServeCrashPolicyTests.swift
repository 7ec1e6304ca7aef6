import Foundation
import Testing

/// `gridatlas serve` runs with Swift's backtracer off, so that a trap ends the process at once
/// and frees its port (a hung backtracer once held the listening socket for ten minutes).
@Suite struct ServeCrashPolicyTests {
    static func environment(of pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    func serve(environment: [String: String]) throws -> [String] {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--port", "0", "--store", scratch.storePath]
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        // The process starts itself again (same pid) with the variable; wait for that, bounded.
        let end = Date().addingTimeInterval(20)
        var seen: [String] = []
        while Date() < end {
            seen = Self.environment(of: process.processIdentifier)
            if seen.contains(where: { $0.hasPrefix("SWIFT_BACKTRACE=") }) || !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return seen
    }

    @Test func serveTurnsTheBacktracerOffUnlessTheOperatorChose() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        #expect(try serve(environment: [:]).contains("SWIFT_BACKTRACE=enable=no"))
        // An operator's own setting (say, to debug a crash) is kept as given.
        #expect(try serve(environment: ["SWIFT_BACKTRACE": "enable=yes,timeout=5s"]).contains("SWIFT_BACKTRACE=enable=yes,timeout=5s"))
    }
}
