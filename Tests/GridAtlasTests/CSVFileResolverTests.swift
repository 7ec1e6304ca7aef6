import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import Testing

/// The batch engine over a file read in chunks: chunks cut anywhere give the answer one chunk
/// gives, and that answer is the one `POST /locate` gives, after each row's own columns.
@Suite struct CSVFileResolverTests {
    let moment = Dates.parse("2026-03-02T09:15:00+08:00")!

    /// Resolves `text` as a file with the given chunk sizes; the answer's bytes, or the error.
    func run(_ text: [UInt8], atlas: Atlas, chunkBytes: Int = 16 << 20, chunkRecords: Int = 131_072,
             maxRecordBytes: Int = 64 << 20) throws -> Result<[UInt8], any Error> {
        let scratch = try Scratch()
        let input = scratch.folder.appendingPathComponent("in.csv"), output = scratch.folder.appendingPathComponent("out.csv")
        try Data(text).write(to: input)
        try Data().write(to: output)
        let reading = try FileHandle(forReadingFrom: input), writing = try FileHandle(forWritingTo: output)
        defer {
            try? reading.close()
            try? writing.close()
        }
        var engine = CSVFileResolver(atlas: atlas, options: BatchOptions(at: moment, includePhones: true))
        engine.chunkBytes = chunkBytes
        engine.chunkRecords = chunkRecords
        engine.maxRecordBytes = maxRecordBytes
        return Result { () throws -> [UInt8] in
            _ = try engine.run(input: reading.fileDescriptor, output: writing.fileDescriptor)
            return [UInt8](try Data(contentsOf: output))
        }
    }

    /// Every way of cutting a file: inside quoted line breaks, between CR and LF, between the two
    /// quotes of a doubled one, on blank lines, right after the byte-order mark.
    @Test func chunksCutAnywhereAnswerAsOneChunk() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let text = "\u{FEFF}id,lon,lat,note\r\n"
            + "a,108.43,24.31,\"one\r\ntwo\"\r\n"
            + "\r\n"
            + "b,108.44,24.28,\"say \"\"hi\"\"\"\n"
            + "c,abc,24.31,\n"
            + "\n\n"
            + "d,108.30,24.31,\"\",extra\n"
            + "e,108.3712,24.2615\n"
            + "f,\"108.4871\",\"24.3633\",last"
        let whole = try run(Array(text.utf8), atlas: atlas).get()
        let table = try CSVTable(data: Data(whole))
        #expect(table.records.map { $0.fields[0] } == ["a", "b", "c", "d", "e", "f"])
        #expect(table.records.map { $0.fields[4] } == ["inside", "inside", "error", "error", "error", "inside"])
        #expect(table.records[2].fields.last == #"line 6: lon: "abc" is not a number"#)
        #expect(table.records[3].fields.last == "line 9: row: 5 fields, but the header has 4")
        #expect(table.records[4].fields.last == "line 10: row: 3 fields, but the header has 4")
        #expect(table.records[0].fields[3] == "one\r\ntwo" && table.records[1].fields[3] == "say \"hi\"")
        for bytes in 1...12 {
            for records in [1, 2, 5] {
                let chunked = try run(Array(text.utf8), atlas: atlas, chunkBytes: bytes, chunkRecords: records).get()
                #expect(chunked == whole, "chunks of \(bytes) bytes, \(records) records")
            }
        }
    }

    /// The answer columns are `POST /locate`'s CSV answer for the same points, byte for byte.
    @Test func answersAreThoseOfPOSTLocate() throws {
        let (_, atlas) = try DemoFiles.loaded()
        var points = BatchResolveTests.lattice(5_000)
        points[7] = LonLat(400, 24.3)
        let body = "id,lon,lat\n" + points.indices.map { "r\($0),\(points[$0].lon),\(points[$0].lat)" }.joined(separator: "\n") + "\n"
        let options = BatchOptions(at: moment, includePhones: true)
        let posted = try PointBatchResolver(atlas: atlas).resolve(try PointBatch.parse(Array(body.utf8), format: .csv), options: options)
        let postedRows = String(decoding: posted.write(.csv), as: UTF8.self).split(separator: "\n").dropFirst()
        let filed = try run(Array(body.utf8), atlas: atlas, chunkRecords: 1_000).get()
        let fileRows = String(decoding: filed, as: UTF8.self).split(separator: "\n").dropFirst()
        try #require(fileRows.count == points.count && postedRows.count == points.count)
        for (k, (mine, theirs)) in zip(fileRows, postedRows).enumerated() {
            // Both start with two columns of their own: id,lon,lat here, index,id there.
            let answer = mine.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)[3]
            let expected = theirs.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)[2]
            if k == 7 {
                // The same error, with the line in front.
                #expect(expected == "error" + String(repeating: ",", count: 15) + "lon: 400 is outside -180..180")
                #expect(answer == "error" + String(repeating: ",", count: 15) + "line 9: lon: 400 is outside -180..180")
                continue
            }
            #expect(answer == expected, "row \(k)")
        }
    }

    @Test func aRecordLongerThanTheLimitStopsNamingItsLine() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let text = "lon,lat,note\n108.43,24.31,a\n108.43,24.31,\"" + String(repeating: "x", count: 5_000) + "\n108.43,24.31,b\n"
        let result = try run(Array(text.utf8), atlas: atlas, chunkBytes: 1_000, maxRecordBytes: 2_000)
        #expect(throws: BatchInputError.malformedCSV(line: 3, reason: "a record runs on for more than 2000 bytes (is a quoted field never closed?)")) {
            try result.get()
        }
    }

    @Test func anEmptyFileOrAHeaderAloneAnswersAsSuch() throws {
        let (_, atlas) = try DemoFiles.loaded()
        #expect(throws: BatchInputError.malformedCSV(line: 1, reason: "the file is empty: a header line is required")) {
            try run([], atlas: atlas).get()
        }
        let header = try run(Array("x,y\n".utf8), atlas: atlas).get()
        #expect(String(decoding: header, as: UTF8.self) == "x,y," + BatchCSVWriter.answerColumns.joined(separator: ",") + "\n")
    }

    /// A full disk ends the run with its error, not a hang.
    @Test func anOutputThatTakesNothingEndsTheRun() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let input = try scratch.write("in.csv", "lon,lat\n108.43,24.31\n")
        let reading = try FileHandle(forReadingFrom: input)
        defer { try? reading.close() }
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        defer { try? full.close() }
        let engine = CSVFileResolver(atlas: atlas, options: BatchOptions(at: moment))
        #expect(throws: CSVFileResolver.OutputError.self) {
            try engine.run(input: reading.fileDescriptor, output: full.fileDescriptor)
        }
    }
}
