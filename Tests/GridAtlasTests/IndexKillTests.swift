import Foundation
import GridStore
import Testing

/// `gridatlas import units --activate` killed with SIGKILL at moments spread over its run
/// (reading, validating, storing, writing the generation's index): every time, the store opens
/// afterwards, a lookup answers (or says nothing is imported yet when the kill came before the
/// commit), and the index left behind is either whole or rebuilt once, never trusted half-written.
@Suite(.serialized) struct IndexKillTests {
    struct Run {
        var status: Int32
        var err: String
    }

    static func start(_ arguments: [String], store: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.environment = ["GRIDATLAS_STORE": store, "PATH": "/usr/bin:/bin"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, err)
    }

    static func run(_ arguments: [String], store: String) throws -> Run {
        let (process, err) = try start(arguments, store: store)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, err: message)
    }

    /// A position inside grid 440604004016011 of the set.
    static let probe = ["resolve", "113.11218705463533", "23.010419521056367"]

    @Test func killedImportsLeaveAUsableStore() async throws {
        try await offThePool { try Self.killImports() }
    }

    static func killImports() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let units = scratch.folder.appendingPathComponent("units.geojson")
        try RealBoundaryTests.file("units.wgs84.geojson").write(to: units)
        let importing = ["import", "units", units.path, "--generation", "chancheng", "--activate", "--effective", "2024-01-01"]

        // How long a whole run takes here, so the kills fall across it, the index's writing last.
        let started = Date()
        let whole = try Self.run(importing, store: scratch.folder.appendingPathComponent("whole.sqlite").path)
        try #require(whole.status == 0, "\(whole.err)")
        let duration = Date().timeIntervalSince(started)

        var committed = 0
        // The timed run and the killed ones share two cores with the rest of the suite and other
        // builds, so a killed run can be slower than the timed one: while no kill has come after
        // the commit, later moments are tried too. Only a run that was still going when killed
        // counts.
        var shares = [0.15, 0.35, 0.55, 0.7, 0.8, 0.88, 0.93, 0.97, 0.99]
        var later = [1.1, 1.25, 1.5, 2.0, 3.0]
        var n = 0
        while n < shares.count {
            let share = shares[n]
            let store = scratch.folder.appendingPathComponent("killed-\(n).sqlite").path
            n += 1
            let (process, _) = try Self.start(importing, store: store)
            Thread.sleep(forTimeInterval: duration * share)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let wasKilled = process.terminationReason == .uncaughtSignal

            let first = try Self.run(Self.probe, store: store)
            if first.status == 0 {
                if wasKilled { committed += 1 }
                // Asked again, the index is whole: used as stored, with nothing to say about it.
                let second = try Self.run(Self.probe, store: store)
                #expect(second.status == 0 && !second.err.contains("index"), "kill at \(share): \(second.err)")
            } else {
                #expect(first.err.contains("import units first"), "kill at \(share) left a store that does not open: \(first.err)")
                // Nothing half-imported stays in the way of importing again.
                let again = try Self.run(importing, store: store)
                #expect(again.status == 0, "kill at \(share), import again: \(again.err)")
                #expect(try Self.run(Self.probe, store: store).status == 0)
            }
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: store + ".indexes")) ?? []).filter { !$0.hasSuffix(".locator") }
            #expect(leftovers.isEmpty, "kill at \(share): temporary index files left after the next run: \(leftovers)")
            if n == shares.count, committed == 0, !later.isEmpty { shares.append(later.removeFirst()) }
        }
        // A timing so unlucky that every kill came before the commit would test nothing above.
        #expect(committed > 0, "no kill came after the import's commit (a whole run took \(duration) s)")
    }

    /// What a reader sees of a store: each generation's name, state and effective date, and
    /// the codes of its units.
    static func contents(_ path: String) throws -> [String] {
        let store = try GridStore(path: path)
        return try store.generations().map { generation in
            let codes = try store.units(inGeneration: generation.id).map(\.code).sorted()
            return "\(generation.name) \(generation.state) \(generation.effectiveFrom.map { "\($0.timeIntervalSince1970)" } ?? "-") "
                + "\(codes.count) \(codes.joined(separator: ",").hashValue)"
        }
    }

    /// Killed while importing a second generation into a store in use: SQLite finds the file
    /// sound, and the store holds exactly what it held before, or that plus the whole import.
    @Test func killedImportIntoAStoreInUseLeavesItAsBeforeOrWhole() async throws {
        try await offThePool { try Self.killImportIntoStoreInUse() }
    }

    static func killImportIntoStoreInUse() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let units = scratch.folder.appendingPathComponent("units.geojson")
        try RealBoundaryTests.file("units.wgs84.geojson").write(to: units)
        let template = scratch.folder.appendingPathComponent("template.sqlite").path
        let demo = try Self.run(["import", "units", DemoFiles.root.appendingPathComponent("data/demo/units.geojson").path,
                                 "--generation", "demo", "--activate", "--effective", "2024-01-01"], store: template)
        try #require(demo.status == 0, "\(demo.err)")
        try GridStore(path: template).checkpoint()
        let before = try Self.contents(template)
        let importing = ["import", "units", units.path, "--generation", "chancheng", "--activate", "--effective", "2030-01-01"]

        let whole = scratch.folder.appendingPathComponent("whole.sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: whole)
        let started = Date()
        try #require(try Self.run(importing, store: whole).status == 0)
        let duration = Date().timeIntervalSince(started)
        let after = try Self.contents(whole)
        #expect(after.count == before.count + 1)

        var outcomes: [String] = []
        for (n, share) in [0.2, 0.5, 0.8, 0.9, 0.97].enumerated() {
            let store = scratch.folder.appendingPathComponent("store-\(n).sqlite").path
            try FileManager.default.copyItem(atPath: template, toPath: store)
            let (process, _) = try Self.start(importing, store: store)
            Thread.sleep(forTimeInterval: duration * share)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(try GridStore(path: store).integrityCheck() == ["ok"], "kill at \(share)")
            let now = try Self.contents(store)
            #expect(now == before || now == after, "kill at \(share): the store holds part of an import: \(now)")
            outcomes.append(now == before ? "before" : "whole")
        }
        // Nothing to learn if every kill came after the end; say what happened either way.
        #expect(outcomes.contains("before"), "every kill came after the import's commit: \(outcomes)")
    }
}
