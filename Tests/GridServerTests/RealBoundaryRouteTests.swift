import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The 20,000 positions of data/real/chancheng that lie exactly on a shared vertex or edge, asked
/// through the two doors a user has: `gridatlas resolve --input` in a new process and
/// `POST /locate` on a live server over the same store file. Both must name the same grid, one
/// of those the oracle lists as covering the position.
@Suite(.serialized) struct RealBoundaryRouteTests {
    static let folder = DemoStore.root.appendingPathComponent("data/real/chancheng")

    static let binary: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gridatlas")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return DemoStore.root.appendingPathComponent(".build/debug/gridatlas")
    }()

    static func gunzip(_ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", folder.appendingPathComponent(name + ".gz").path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gzip -dc \(name).gz failed")
        return String(decoding: data, as: UTF8.self)
    }

    @discardableResult
    static func gridatlas(_ arguments: [String], store: String) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ["GRIDATLAS_STORE": store, "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gridatlas \(arguments.joined(separator: " ")): \(message)")
        return message
    }

    /// CSV text → id → grid column, by header name.
    static func grids(_ csv: String, id: String) throws -> [String: String] {
        let lines = csv.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let idColumn = try #require(header.firstIndex(of: id)), grid = try #require(header.firstIndex(of: "grid"))
        var out: [String: String] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[idColumn]] = f[grid]
        }
        return out
    }

    /// The set imported by the CLI, its boundary positions, and the CLI's answers for them.
    static func prepare(in scratch: URL) throws -> (store: String, body: String, covering: [String: Set<String>], cli: [String: String]) {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let store = scratch.appendingPathComponent("store.sqlite").path
        let units = scratch.appendingPathComponent("units.geojson")
        try Data(try Self.gunzip("units.wgs84.geojson").utf8).write(to: units)
        try Self.gridatlas(["import", "units", units.path, "--generation", "chancheng", "--activate", "--effective", "2024-01-01"], store: store)

        // The boundary positions, and the grids covering each, from the oracle's file.
        var covering: [String: Set<String>] = [:]
        for line in try Self.gunzip("expected.csv").split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f[2] == "boundary" { covering[String(f[0])] = Set(f[1].split(separator: "|").map(String.init)) }
        }
        var body = "id,lon,lat\n"
        for line in try Self.gunzip("points.csv").split(separator: "\n").dropFirst() {
            let id = line.prefix { $0 != "," }
            if covering[String(id)] != nil { body += line + "\n" }
        }
        #expect(covering.count == 20_000)
        let input = scratch.appendingPathComponent("boundary.csv"), output = scratch.appendingPathComponent("answers.csv")
        try Data(body.utf8).write(to: input)
        try Self.gridatlas(["resolve", "--input", input.path, "--output", output.path, "--at", "2024-06-01"], store: store)
        let cli = try Self.grids(try String(contentsOf: output, encoding: .utf8), id: "id")

        return (store, body, covering, cli)
    }

    @Test func cliAndPostLocateNameTheSameCoveringGridOnEveryBoundaryPosition() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-real-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Child processes are waited for on a thread of their own, not on the cooperative pool or
        // Dispatch's global queue (two threads each here), which other suites' live servers need.
        let (store, body, covering, cli) = try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.prepare(in: scratch) }) }.start()
        }
        let atlas = Atlas(store: try GridStore(path: store))
        var configuration = ServerConfiguration()
        configuration.port = 0
        let server = AtlasServer(atlas: atlas, configuration: configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let application = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        let request = body
        let posted = try await application.test(.live) { client in
            var headers = HTTPFields()
            headers[.contentType] = "text/csv"
            headers[.accept] = "text/csv"
            let response = try await client.execute(uri: "/locate?at=2024-06-01", method: .post, headers: headers, body: ByteBuffer(string: request))
            #expect(response.status == .ok, "\(String(buffer: response.body).prefix(300))")
            return String(buffer: response.body)
        }
        let http = try Self.grids(posted, id: "id")

        #expect(cli.count == 20_000 && http.count == 20_000, "\(cli.count) CLI answers, \(http.count) HTTP answers")
        var notCovering: [String] = [], differing: [String] = []
        for (id, grids) in covering {
            let a = cli[id] ?? "", b = http[id] ?? ""
            if !grids.contains(a) { notCovering.append("\(id): \(a) not in \(grids.sorted())") }
            if a != b { differing.append("\(id): CLI \(a), POST /locate \(b)") }
        }
        #expect(notCovering.isEmpty, "\(notCovering.count) boundary positions got a grid that does not cover them: \(notCovering.prefix(5))")
        #expect(differing.isEmpty, "\(differing.count) boundary positions answered differently: \(differing.prefix(5))")
    }
}
