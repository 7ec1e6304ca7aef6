import Foundation
import Testing

/// The `gridatlas` executable itself, run as a user would: real files, real exit codes.
@Suite struct CLITests {
    /// The binary built next to this test bundle (tools/test builds every product first).
    static let binary: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gridatlas")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return DemoFiles.root.appendingPathComponent(".build/debug/gridatlas")
    }()

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    func run(_ arguments: [String], store: String) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = ["GRIDATLAS_STORE": store, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = DemoFiles.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self))
    }

    @Test func importResolveAndInfo() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let scratch = try Scratch()
        let store = scratch.storePath
        let imported = try run(["import", "units", "data/demo/units.geojson", "--generation", "demo", "--activate", "--effective", "2024-01-01"], store: store)
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.out.contains("110 grid") && imported.out.contains("12 micro_area"))
        #expect(try run(["import", "roster", "data/demo/roster.csv"], store: store).out.contains("imported 627 roster entries"))

        let one = try run(["resolve", "108.43", "24.31", "--at", "2026-03-02"], store: store)
        #expect(one.status == 0)
        #expect(one.out.contains("status inside, generation 'demo'"))
        #expect(one.out.contains("grid         450299"))
        #expect(one.out.contains("*fulltime"))

        let json = try run(["resolve", "108.43,24.31", "--json", "--accuracy", "200"], store: store)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(decoded?["status"] as? String == "inside")
        #expect((decoded?["candidates"] as? [Any])?.isEmpty == false)

        let info = try run(["info"], store: store)
        #expect(info.out.contains("grid            110"))
        let generations = try run(["generations", "list"], store: store)
        #expect(generations.out.contains("demo") && generations.out.contains("active"))
    }

    @Test func csvInCSVOut() throws {
        let scratch = try Scratch()
        let store = scratch.storePath
        _ = try run(["import", "units", "data/demo/units.geojson", "--generation", "demo", "--activate", "--effective", "2024-01-01"], store: store)
        _ = try run(["import", "roster", "data/demo/roster.csv"], store: store)
        let output = scratch.folder.appendingPathComponent("answers.csv").path
        let batch = try run(["resolve", "--input", "data/demo/points.csv", "--output", output], store: store)
        #expect(batch.status == 0, "\(batch.err)")
        #expect(batch.err.contains("resolved 8 positions"))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0].hasPrefix("id,lon,lat,at,status,wgs84_lon,wgs84_lat,generation,district"))
        #expect(lines[1].hasPrefix("R001,108.43,24.31,2026-03-02T09:15:00+08:00,inside,"))
        #expect(lines.first { $0.hasPrefix("R005,") }?.contains(",outside,") == true)
        // The error names the line as a text editor counts it (a CSV field: its quotes doubled).
        #expect(lines.first { $0.hasPrefix("R007,") }?.hasSuffix(#","line 8: lon: ""not-a-number"" is not a number""#) == true)
        // R006 was reported in 2025, before any roster change on its grid: it still resolves.
        #expect(lines.first { $0.hasPrefix("R006,") }?.contains(",inside,") == true)
    }

    @Test func badInputFailsWithAMessageAndExitCode() throws {
        let scratch = try Scratch()
        let store = scratch.storePath
        let bad = try scratch.write("bad.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"12\",\"name\":\"x\"},\"geometry\":null}]}")
        let rejected = try run(["import", "units", bad.path, "--generation", "x"], store: store)
        #expect(rejected.status == 1)
        #expect(rejected.err.contains("import rejected, nothing was stored"))
        #expect(rejected.err.contains("feature 0"))
        #expect(try run(["import", "units", "missing.geojson", "--generation", "x"], store: store).err.contains("cannot read 'missing.geojson'"))
        #expect(try run(["resolve", "108.4", "24.3", "--crs", "EPSG:nope"], store: store).err.contains("unknown CRS 'EPSG:nope'"))
        #expect(try run(["resolve", "108.4", "24.3"], store: store).err.contains("import units first"))
        #expect(try run(["resolve", "abc", "24.3"], store: store).status != 0)
        #expect(try run(["generations", "activate", "ghost"], store: store).err.contains("no generation named 'ghost'"))
        #expect(try run(["import", "units", "data/demo/units.geojson", "--generation", "g", "--effective", "2024-01-01"], store: store).err.contains("--effective and --backdate go with --activate"))
    }
}
