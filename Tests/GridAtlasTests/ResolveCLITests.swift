import Foundation
import GridImport
import Testing

/// `gridatlas resolve --input`, run as a user would, on the files users really have: a BOM,
/// CRLF, blank lines, broken rows, huge fields, broken files. A bad row gets its error with its
/// line and the run goes on; a broken file stops the run, naming the line, and leaves nothing.
@Suite struct ResolveCLITests {
    let cli = CLITests()

    /// A store with the demo district and roster, and a folder for the files of one test.
    func demo() throws -> (scratch: Scratch, store: String) {
        let scratch = try Scratch()
        let store = scratch.storePath
        let imported = try cli.run(["import", "units", "data/demo/units.geojson", "--generation", "demo", "--activate",
                                    "--effective", "2024-01-01"], store: store)
        try #require(imported.status == 0, "\(imported.err)")
        try #require(try cli.run(["import", "roster", "data/demo/roster.csv"], store: store).status == 0)
        return (scratch, store)
    }

    func write(_ bytes: [UInt8], to name: String, in scratch: Scratch) throws -> String {
        let url = scratch.folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The answer file read back as records, by the import's own CSV reader.
    func answers(_ path: String) throws -> CSVTable {
        try CSVTable(data: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Files left in the folder whose names the run chose: none but the answer, if any.
    func partialFiles(in scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).filter { $0.hasSuffix(".partial") }
    }

    @Test func aBOMCRLFAndBlankLinesAreRead() throws {
        let (scratch, store) = try demo()
        let input = try write(Array("\u{FEFF}id,lon,lat\r\nA,108.43,24.31\r\n\r\nB,abc,24.31\r\n\r\n".utf8), to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        let run = try cli.run(["resolve", "--input", input, "--output", output, "--at", "2026-03-02"], store: store)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err.contains("resolved 2 positions in"))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(!text.contains("\r") && !text.hasPrefix("\u{FEFF}"))
        let table = try answers(output)
        #expect(table.header.prefix(5) == ["id", "lon", "lat", "status", "wgs84_lon"])
        #expect(table.header.count == 3 + 16)
        #expect(table.records.map { $0.fields[3] } == ["inside", "error"])
        #expect(table.records[1].fields.last == #"line 4: lon: "abc" is not a number"#)
        #expect(try partialFiles(in: scratch).isEmpty)
    }

    @Test func everyBadRowGetsItsErrorAndItsLine() throws {
        let (scratch, store) = try demo()
        let rows = [
            "id,lon,lat,at,crs,note",
            "A,108.43,24.31,,,plain",
            "B,not-a-number,24.31,,,",
            "C,NaN,24.31,,,",
            "D,108.43,Infinity,,,",
            "E,108.43,95,,,",
            "F,,24.31,,,",
            "G,108.43,24.31,,",
            "H,108.43,24.31,,,x,y",
            "I,108.43,24.31,2026-13-01,,",
            "J,108.43,24.31,,EPSG:nope,",
            "K,\"108.43\",\"24.31\",2026-03-02,gcj02,\"two\nlines, \"\"quoted\"\"\"",
            "L,108.43,24.31,2023-06-01,,",
            "M,108.30,24.31,,,outside",
        ]
        let input = try write(Array((rows.joined(separator: "\n") + "\n").utf8), to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        let run = try cli.run(["resolve", "--input", input, "--output", output, "--at", "2026-03-02"], store: store)
        #expect(run.status == 0, "\(run.err)")
        let table = try answers(output)
        #expect(table.records.count == 13)
        // Every row has the header's columns: short rows padded, long ones cut at the header's.
        #expect(table.records.allSatisfy { $0.fields.count == 6 + 16 })
        func row(_ id: String) -> [String: String] {
            let record = table.records.first { $0.fields[0] == id }!
            return Dictionary(uniqueKeysWithValues: zip(table.header, record.fields))
        }
        #expect(row("A")["status"] == "inside" && row("A")["note"] == "plain" && row("A")["worker_phone"]?.isEmpty == false)
        #expect(row("B")["error"] == #"line 3: lon: "not-a-number" is not a number"#)
        #expect(row("C")["error"] == #"line 4: lon: "NaN" is not a finite number"#)
        #expect(row("D")["error"] == #"line 5: lat: "Infinity" is not a finite number"#)
        #expect(row("E")["error"] == "line 6: lat: 95 is outside -90..90")
        #expect(row("F")["error"] == "line 7: lon: missing")
        #expect(row("G")["error"] == "line 8: row: 5 fields, but the header has 6" && row("G")["status"] == "error")
        #expect(row("H")["error"] == "line 9: row: 7 fields, but the header has 6" && row("H")["note"] == "x")
        #expect(row("I")["error"]?.hasPrefix("line 10: at: '2026-13-01' is not a date") == true)
        #expect(row("J")["error"]?.hasPrefix("line 11: crs: unknown CRS 'EPSG:nope'") == true)
        #expect(row("K")["status"] == "inside" && row("K")["note"] == "two\nlines, \"quoted\"")
        #expect(row("L")["error"] == "line 14: at: no published generation is in force at 2023-06-01T00:00:00+08:00")
        #expect(row("M")["status"] == "outside" && row("M")["nearest_grid"]?.isEmpty == false)
    }

    @Test func aTenMegabyteFieldIsOneRowsProblem() throws {
        let (scratch, store) = try demo()
        let huge = String(repeating: "x", count: 10 << 20)
        let text = "id,lon,lat,note\nA,108.43,24.31,\nB,\(huge),24.31,\nC,108.43,24.31,\"\(huge)\"\nD,108.44,24.28,\n"
        let input = try write(Array(text.utf8), to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        let run = try cli.run(["resolve", "--input", input, "--output", output], store: store)
        #expect(run.status == 0, "\(run.err)")
        let table = try answers(output)
        #expect(table.records.map { $0.fields[0] } == ["A", "B", "C", "D"])
        #expect(table.records[1].fields.last == "line 3: lon: \"" + String(repeating: "x", count: 40) + "…\" is not a number")
        #expect(table.records[2].fields[3] == huge && table.records[2].fields[4] == "inside")
        #expect(table.records[3].fields[4] == "inside")
    }

    @Test func aHeaderWithoutLonAndLatStops() throws {
        let (scratch, store) = try demo()
        let input = try write(Array("name,x_coord\na,1\n".utf8), to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        let run = try cli.run(["resolve", "--input", input, "--output", output], store: store)
        #expect(run.status == 1)
        #expect(run.err.contains("in.csv: line 1: the header needs a longitude column (lon, lng, longitude or x)"))
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try partialFiles(in: scratch).isEmpty)
    }

    /// The quote is found only after every chunk before it was resolved and written: the file
    /// being written goes, and the answers already at the path stay.
    @Test func anUnclosedQuoteAtTheEndOfALongFileStopsAndWritesNothing() throws {
        let (scratch, store) = try demo()
        var text = "id,lon,lat\n"
        for k in 0..<300_000 { text += "p\(k),108.\(4000 + k % 900),24.\(2800 + k % 700)\n" }
        text += "last,\"108.43,24.31\n"
        let input = try write(Array(text.utf8), to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        try Data("earlier answers\n".utf8).write(to: URL(fileURLWithPath: output))
        let run = try cli.run(["resolve", "--input", input, "--output", output], store: store)
        #expect(run.status == 1)
        #expect(run.err.contains("in.csv: line 300002: a quoted field is never closed"), "\(run.err)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "earlier answers\n")
        #expect(try partialFiles(in: scratch).isEmpty)
    }

    @Test func invalidUTF8StopsNamingTheLine() throws {
        let (scratch, store) = try demo()
        let input = try write(Array("id,lon,lat,name\nA,108.43,24.31,ok\nB,108.43,24.31,".utf8) + [0xC8, 0xFD, 0xFF] + [0x0A],
                              to: "in.csv", in: scratch)
        let output = scratch.folder.appendingPathComponent("out.csv").path
        let run = try cli.run(["resolve", "--input", input, "--output", output], store: store)
        #expect(run.status == 1)
        #expect(run.err.contains("in.csv: line 3: the text is not UTF-8"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try partialFiles(in: scratch).isEmpty)
    }

    @Test func withoutOutputTheAnswerGoesToStandardOutput() throws {
        let (scratch, store) = try demo()
        let input = try write(Array("lat,lon\n24.31,108.43\n".utf8), to: "in.csv", in: scratch)
        let run = try cli.run(["resolve", "--input", input], store: store)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.hasPrefix("lat,lon,status,wgs84_lon,wgs84_lat,generation,district,subdistrict,community,grid,"))
        #expect(run.out.split(separator: "\n").count == 2)
        #expect(try cli.run(["resolve", "--input", scratch.folder.appendingPathComponent("none.csv").path], store: store)
            .err.contains("cannot read"))
        let empty = try Scratch()
        let output = empty.folder.appendingPathComponent("out.csv").path
        let refused = try cli.run(["resolve", "--input", input, "--output", output], store: empty.storePath)
        #expect(refused.status == 1 && refused.err.contains("import units first"), "\(refused.err)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
