import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Testing

/// A batch answers every point as ``Atlas/resolve`` answers it alone, in input order.
@Suite struct BatchResolveTests {
    let wgs = try! CoordinateConverter(from: .wgs84)
    let moment = Dates.parse("2026-03-02T09:15:00+08:00")!

    /// A lattice over the demo district and a margin around it: inside, on shared borders, outside.
    static func lattice(_ count: Int) -> [LonLat] {
        let side = Int(Double(count).squareRoot().rounded(.up))
        return (0..<count).map { k in
            LonLat(108.33 + Double(k % side) / Double(side) * 0.2, 24.22 + Double(k / side) / Double(side) * 0.18)
        }
    }

    @Test func everyPointAsAtlasResolveAnswersIt() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let points = Self.lattice(6_000)  // more than one slice per core
        for includePhones in [false, true] {
            let answer = try BatchRun.answer(BatchBodies.pairs(points), .json, atlas: atlas,
                                             options: BatchOptions(at: moment, includePhones: includePhones))
            #expect(answer.top["count"] as? Int == points.count && answer.top["errors"] as? Int == 0)
            #expect(answer.top["generation"] as? String == "2024")
            #expect(answer.top["at"] as? String == "2026-03-02T09:15:00+08:00")
            var statuses: [String: Int] = [:]
            for (i, p) in points.enumerated() {
                let result = answer.results[i]
                #expect(result["index"] as? Int == i)
                #expect(result["id"] == nil)
                let expected = try atlas.resolve(p, converter: wgs, at: moment)
                BatchRun.expectSame(result, expected, includePhones: includePhones)
                statuses[expected.status, default: 0] += 1
            }
            #expect(statuses["inside", default: 0] > 1_000 && statuses["outside", default: 0] > 1_000)
        }
    }

    @Test func gapsAnswerTheUpperTiersAndTheNearestGrid() throws {
        let (_, atlas) = try DemoFiles.loaded()
        // A draft with one of its two grids missing: its half of the district is a gap.
        let hierarchy = Feature.hierarchy()
        let oneGrid = hierarchy.replacingOccurrences(
            of: "," + Feature.make("\"code\":\"450203001001002\",\"name\":\"二网格\"",
                                   rings: [[[108.42, 24.30], [108.44, 24.30], [108.44, 24.34], [108.42, 24.34], [108.42, 24.30]]]),
            with: "")
        #expect(oneGrid != hierarchy)
        _ = try atlas.importUnits(files: [("gaps.geojson", Data(oneGrid.utf8))], crs: .wgs84, crsIsExplicit: false, generation: "gaps")
        let points = (0..<900).map { k in LonLat(108.39 + Double(k % 30) * 0.002, 24.29 + Double(k / 30) * 0.002) }
        let answer = try BatchRun.answer(BatchBodies.pairs(points), .json, atlas: atlas,
                                         options: BatchOptions(at: moment, generation: "gaps"))
        #expect(answer.top["generation"] as? String == "gaps")
        var statuses: Set<String> = []
        for (i, p) in points.enumerated() {
            let expected = try atlas.resolve(p, converter: wgs, at: moment, generation: "gaps")
            BatchRun.expectSame(answer.results[i], expected, includePhones: false)
            statuses.insert(expected.status)
        }
        #expect(statuses == ["inside", "gap", "outside"])
    }

    @Test func eachPointsOwnMomentPicksItsGenerationAndRoster() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let redraw = Data(String(decoding: DemoFiles.units, as: UTF8.self).replacingOccurrences(of: "网格\"", with: "网格(新)\"").utf8)
        _ = try atlas.importUnits(files: [("v2.geojson", redraw)], crs: .wgs84, crsIsExplicit: false, generation: "2026")
        _ = try atlas.publish("2026", effectiveFrom: Dates.parse("2026-01-01")!, backdate: true)
        let roster = try atlas.store.roster()
        let change = Dates.parse("2025-07-01")!
        let ended = try #require(roster.first { $0.validTo == change })
        let grid = try DemoFiles.interiorPoint(of: ended.unitCode, in: atlas)
        let moments: [String?] = [nil, "2025-06-30T23:59:00+08:00", "2025-07-01", "2025-12-31T23:59:59+08:00", "2026-01-01",
                                  "2026-06-01T12:00:00Z", "2023-01-01"]
        var points: [LonLat] = []
        var at: [String?] = []
        for (k, p) in Self.lattice(5_000).enumerated() {
            // Every tenth point on the grid whose worker changed, the rest over the whole lattice.
            points.append(k % 10 == 0 ? grid : p)
            at.append(moments[k % moments.count])
        }
        let ids = points.indices.map { "p\($0)" }
        let answer = try BatchRun.answer(BatchBodies.json(points, ids: ids, at: at), .json, atlas: atlas,
                                         options: BatchOptions(at: moment, includePhones: true))
        #expect(answer.top["generation"] is NSNull)  // two generations answered
        var workers: Set<String> = []
        var errors = 0
        for i in points.indices {
            let result = answer.results[i]
            #expect(result["id"] as? String == ids[i])
            let when = at[i].map { Dates.parse($0)! } ?? moment
            if at[i] == "2023-01-01" {
                #expect(answer.error(i) == "at: no published generation is in force at 2023-01-01T00:00:00+08:00")
                errors += 1
                continue
            }
            let expected = try atlas.resolve(points[i], converter: wgs, at: when)
            BatchRun.expectSame(result, expected, includePhones: true)
            if at[i] != nil {
                #expect(result["generation"] as? String == expected.generation)
                #expect(result["at"] as? String == Dates.format(when))
            } else {
                #expect(result["generation"] == nil && result["at"] == nil)
            }
            if points[i] == grid, let id = (result["responsible"] as? [String: String])?["id"] { workers.insert(id) }
        }
        #expect(answer.top["errors"] as? Int == errors && errors > 0)
        #expect(workers.contains(ended.workerId) && workers.count >= 2)  // the roster change shows
    }

    @Test func phonesAreShownOnlyWhenAskedFor() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let body = BatchBodies.pairs(Self.lattice(400))
        let batch = try PointBatch.parse(body, format: .json)
        for includePhones in [false, true] {
            let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: BatchOptions(at: moment, includePhones: includePhones))
            let json = String(decoding: resolved.write(.json), as: UTF8.self)
            let csv = String(decoding: resolved.write(.csv), as: UTF8.self)
            #expect(json.contains("\"responsible\":{"))
            #expect(json.contains("\"phone\":") == includePhones)
            #expect(csv.hasPrefix("index,id,status,") && csv.contains("worker_phone") == includePhones)
            #expect(csv.contains(/,1390\d{7},/) == includePhones)  // the demo's phone numbers: 1390 and 7 digits
        }
    }

    @Test func otherCoordinateSystemsPerPointAndByDefault() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let place = try DemoFiles.interiorPoint(of: "450299002001003", in: atlas)
        let gcj = ChinaOffset.gcj02(fromWGS84: place), bd = ChinaOffset.bd09(fromWGS84: place)
        let gk = try ProjTransformer(from: "EPSG:4326", to: "EPSG:4545").forward(place)
        let body = Array("""
            [{"lon":\(gcj.lon),"lat":\(gcj.lat),"crs":"gcj02"},{"x":\(bd.lon),"y":\(bd.lat),"crs":"BD-09"},
             {"x":\(gk.lon),"y":\(gk.lat),"crs":"EPSG:4545"},[\(place.lon),\(place.lat)],{"lng":\(gcj.lon),"lat":\(gcj.lat)}]
            """.utf8)
        let expected = try atlas.resolve(place, converter: wgs, at: moment)
        let answer = try BatchRun.answer(body, .json, atlas: atlas, options: BatchOptions(at: moment))
        for i in 0..<4 { BatchRun.expectSame(answer.results[i], expected, includePhones: false) }
        // The last point names no CRS: read as WGS84 it lands hundreds of metres away, as alone.
        BatchRun.expectSame(answer.results[4], try atlas.resolve(gcj, converter: wgs, at: moment), includePhones: false)
        // With GCJ-02 as the request's default, it lands where it should.
        let gcjDefault = try BatchRun.answer(body, .json, atlas: atlas, options: BatchOptions(crs: .gcj02, at: moment))
        BatchRun.expectSame(gcjDefault.results[4], expected, includePhones: false)
        #expect(throws: BatchResolveError.self) {
            _ = try PointBatchResolver(atlas: atlas).resolve(PointBatch(), options: BatchOptions(crs: .epsg(999_999)))
        }
    }

    @Test func wholeBatchFailuresAreTyped() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let batch = try PointBatch.parse(BatchBodies.pairs([LonLat(108.43, 24.31)]), format: .json)
        let resolver = PointBatchResolver(atlas: atlas)
        #expect(throws: BatchResolveError.generationNotFound("nope")) {
            _ = try resolver.resolve(batch, options: BatchOptions(generation: "nope"))
        }
        #expect(throws: BatchResolveError.noGenerationInForce(Dates.parse("2020-01-01")!)) {
            _ = try resolver.resolve(batch, options: BatchOptions(at: Dates.parse("2020-01-01")!))
        }
        let empty = Atlas(store: try GridStore(path: scratch.folder.appendingPathComponent("empty.sqlite").path))
        #expect(throws: BatchResolveError.emptyStore) { _ = try PointBatchResolver(atlas: empty).resolve(batch, options: BatchOptions()) }
        // No point takes the default moment: a default with no generation in force is no failure.
        let own = try PointBatch.parse(BatchBodies.json([LonLat(108.43, 24.31)], at: ["2025-01-01"]), format: .json)
        let resolved = try resolver.resolve(own, options: BatchOptions(at: Dates.parse("2020-01-01")!))
        #expect(resolved.errorCount == 0 && resolved.location(of: 0)?.grid ?? -1 >= 0)
    }
}
