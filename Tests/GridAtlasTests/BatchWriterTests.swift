import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Testing

/// The written answers: valid JSON with every string escaped, and CSV with the same answers.
@Suite struct BatchWriterTests {
    let moment = Dates.parse("2026-03-02T09:15:00+08:00")!
    /// Quotes, backslashes, every control character, Chinese and a character beyond the BMP.
    static let nasty = "王\"超\\ \u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} 网格/𝄞,end"

    @Test func stringsAreEscapedAndReadBackTheSame() throws {
        let (_, loaded) = try DemoFiles.loaded()
        let grid = "450299002001003"
        // A worker sorted before the grid's own full-time workers, so that it is the responsible one.
        try loaded.store.saveRoster([RosterEntry(workerId: "A\"0\\1", name: Self.nasty, phone: "139\n0000",
                                                 role: .fulltime, unitCode: grid)], replace: false)
        let atlas = Atlas(store: loaded.store)  // a fresh cache that sees the new entry
        let place = try DemoFiles.interiorPoint(of: grid, in: atlas)
        let body = BatchBodies.json([place, LonLat(108.43, 95)], ids: [Self.nasty, "\u{0}"])
        let batch = try PointBatch.parse(body, format: .json)
        #expect(batch.id(of: 0) == .string(Self.nasty) && batch.id(of: 1) == .string("\u{0}"))
        let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: BatchOptions(at: moment, includePhones: true))

        let answer = try BatchAnswer(resolved.write(.json))
        #expect(answer.results[0]["id"] as? String == Self.nasty)
        #expect(answer.results[1]["id"] as? String == "\u{0}")
        let responsible = try #require(answer.results[0]["responsible"] as? [String: String])
        #expect(responsible == ["id": "A\"0\\1", "name": Self.nasty, "phone": "139\n0000"])
        #expect(answer.error(1) == "lat: 95 is outside -90..90")

        let table = try CSVTable(data: Data(resolved.write(.csv)))
        let column = { (name: String) in table.column(name)! }
        #expect(table.records.count == 2)
        #expect(table.records[0].fields[column("id")] == Self.nasty)
        #expect(table.records[0].fields[column("worker_name")] == Self.nasty)
        #expect(table.records[0].fields[column("worker_phone")] == "139\n0000")
        #expect(table.records[1].fields[column("error")] == "lat: 95 is outside -90..90")
    }

    @Test func csvAnswersMatchTheJSONAnswers() throws {
        let (_, atlas) = try DemoFiles.loaded()
        var points = BatchResolveTests.lattice(2_500)
        points[7] = LonLat(400, 24.3)
        let body = BatchBodies.csv(points, ids: points.indices.map { "r\($0)" })
        let batch = try PointBatch.parse(body, format: .csv)
        let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: BatchOptions(at: moment))
        let json = try BatchAnswer(resolved.write(.json))
        let table = try CSVTable(data: Data(resolved.write(.csv)))
        #expect(table.header == ["index", "id"] + BatchCSVWriter.answerColumns.filter { $0 != "worker_phone" })
        #expect(table.records.count == points.count)
        let wgs = try CoordinateConverter(from: .wgs84)
        for (i, record) in table.records.enumerated() {
            let row = Dictionary(uniqueKeysWithValues: zip(table.header, record.fields))
            let result = json.results[i]
            #expect(row["index"] == String(i) && row["id"] == "r\(i)")
            if let message = json.error(i) {
                #expect(row["status"] == "error" && row["error"] == message && row["grid"] == "")
                continue
            }
            let expected = try atlas.resolve(points[i], converter: wgs, at: moment)
            #expect(row["status"] == expected.status && row["generation"] == "2024")
            #expect(row["grid"] == ((result["grid"] as? String) ?? ""))
            for unit in expected.units where unit.tier != "micro_area" { #expect(row[unit.tier] == unit.code) }
            #expect(row["micro_area"] == (expected.units.first { $0.tier == "micro_area" }?.code ?? ""))
            #expect(row["grid_name"] == (expected.status == "inside" ? expected.units.first { $0.tier == "grid" }!.name : ""))
            #expect(row["worker_id"] == (expected.responsible?.id ?? ""))
            #expect(row["nearest_grid"] == (expected.nearest?.code ?? ""))
            #expect(row["nearest_m"].flatMap(Double.init) == expected.nearest?.distanceM)
            // Positions are written to 9 decimals, a tenth of a millimetre.
            #expect(abs(row["wgs84_lon"].flatMap(Double.init)! - points[i].lon) <= 5e-10)
            #expect(abs(row["wgs84_lat"].flatMap(Double.init)! - points[i].lat) <= 5e-10)
            #expect(row["error"] == "")
        }
        #expect(json.error(7) == "lon: 400 is outside -180..180")
    }

    @Test func anEmptyBatchIsAnEmptyAnswer() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let resolved = try PointBatchResolver(atlas: atlas).resolve(try PointBatch.parse(Array("[ ]".utf8), format: .json),
                                                                     options: BatchOptions(at: moment))
        #expect(String(decoding: resolved.write(.json), as: UTF8.self)
                == #"{"generation":"2024","at":"2026-03-02T09:15:00+08:00","count":0,"errors":0,"results":[]}"#)
        #expect(String(decoding: resolved.write(.csv), as: UTF8.self).split(separator: "\n").count == 1)
    }
}
