import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `POST /locate` over HTTP: every good point answers like `GET /locate`, in order, in every
/// input and output format.
@Suite("Batch locate over HTTP")
struct BatchRouteTests {
    /// One point of a batch: a position (possibly bad) written as JSON, GeoJSON coordinates and CSV.
    struct BatchPoint {
        var json: String
        var csv: String
        var position: LonLat?
        /// The field a bad point's error must name.
        var badField: String?
    }

    /// 500 points: grid interiors, random points over the district (some in gaps, some outside),
    /// points far outside, and a few bad ones.
    static func points(_ atlas: Atlas, count: Int = 500) throws -> [BatchPoint] {
        let generation = try atlas.generation(named: nil, at: Date())
        let locator = try atlas.locator(for: generation)
        // The Locator keeps no shapes: they come from the store, in the same (code) order.
        let shapes = try atlas.store.units(inGeneration: generation.id).map(\.geometry)
        let interiors = locator.units.indices.filter { locator.units[$0].tier == .grid }
            .compactMap { GridGeometryProbe.interior(of: shapes[$0]) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var points: [BatchPoint] = []
        for i in 0..<count {
            if i % 50 == 7 {
                points.append(BatchPoint(json: "[200, 95]", csv: "200,95", position: nil, badField: "lon"))
            } else if i % 50 == 23 {
                points.append(BatchPoint(json: "[\"x\", 1]", csv: "x,1", position: nil, badField: "lon"))
            } else if i % 50 == 41 {
                points.append(BatchPoint(json: "[108.4, 95]", csv: "108.4,95", position: nil, badField: "lat"))
            } else {
                let p: LonLat
                switch i % 5 {
                case 0, 1, 2: p = interiors[(i * 7) % interiors.count]
                case 3: p = LonLat(108.34 + 0.18 * random(), 24.23 + 0.16 * random())
                default: p = LonLat(107.5 + random(), 23.5 + 0.3 * random())
                }
                points.append(BatchPoint(json: "[\(p.lon), \(p.lat)]", csv: "\(p.lon),\(p.lat)", position: p))
            }
        }
        return points
    }

    static func jsonBody(_ points: [BatchPoint]) -> String {
        "[" + points.map(\.json).joined(separator: ",\n") + "]"
    }

    static func geoJSONBody(_ points: [BatchPoint]) -> String {
        let features = points.map {
            "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":\($0.json)}}"
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}"
    }

    static func csvBody(_ points: [BatchPoint]) -> String {
        "lon,lat\n" + points.map(\.csv).joined(separator: "\n") + "\n"
    }

    static func results(_ response: TestResponse) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any],
                                  "\(response.text.prefix(300))")
        return try #require(object["results"] as? [[String: Any]])
    }

    /// The parts of a `GET /locate` answer a batch result carries.
    struct Expected: Equatable {
        var status: String
        var units: [String]
        var grid: String?
        var responsible: String?
    }

    static func expected(fromLocate json: [String: Any]) -> Expected {
        let units = (json["units"] as? [[String: Any]]) ?? []
        return Expected(status: json["status"] as? String ?? "?", units: units.compactMap { $0["code"] as? String },
                        grid: units.first { $0["tier"] as? String == "grid" }?["code"] as? String,
                        responsible: (json["responsible"] as? [String: Any])?["id"] as? String)
    }

    static func got(_ result: [String: Any]) -> Expected {
        Expected(status: result["status"] as? String ?? "?",
                 units: ((result["units"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String },
                 grid: result["grid"] as? String,
                 responsible: (result["responsible"] as? [String: Any])?["id"] as? String)
    }

    /// Strips what may rightly differ between input formats: the wording of a bad point's error.
    static func comparable(_ results: [[String: Any]]) -> [NSDictionary] {
        results.map { result in
            var copy = result
            if copy["error"] != nil { copy["error"] = "error" }
            return copy as NSDictionary
        }
    }

    @Test func fiveHundredPointsAnswerInOrderLikeSingleLookups() async throws {
        try await withLiveServer { client, atlas in
            let points = try Self.points(atlas)
            let response = try await client.call("/locate", method: .post, body: Self.jsonBody(points), contentType: "application/json")
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let top = response.json
            #expect(top["count"] as? Int == 500)
            #expect(top["errors"] as? Int == points.filter { $0.position == nil }.count)
            let results = try Self.results(response)
            try #require(results.count == points.count)
            var cache: [String: Expected] = [:]
            var statuses: Set<String> = []
            for (i, (point, result)) in zip(points, results).enumerated() {
                #expect(result["index"] as? Int == i)
                guard let p = point.position else {
                    let error = try #require(result["error"] as? String, "point \(i) \(point.json): \(result)")
                    #expect(error.hasPrefix(point.badField! + ":") || error.contains(point.badField!), "point \(i): \(error)")
                    #expect(result["status"] == nil)
                    continue
                }
                #expect(result["error"] == nil, "point \(i): \(result)")
                let key = "lon=\(p.lon)&lat=\(p.lat)"
                if cache[key] == nil {
                    let single = try await client.call("/locate?\(key)")
                    #expect(single.status == .ok)
                    cache[key] = Self.expected(fromLocate: single.json)
                }
                let want = try #require(cache[key])
                #expect(Self.got(result) == want, "point \(i) \(point.json)")
                statuses.insert(want.status)
                if want.status != "inside" {
                    #expect(result["grid"] is NSNull)
                }
                #expect((result["responsible"] as? [String: Any])?["phone"] == nil, "an anonymous caller sees a phone")
            }
            #expect(statuses.contains("inside") && statuses.contains("outside"), "\(statuses)")
        }
    }

    @Test func geoJSONAndCSVBodiesAnswerLikeTheJSONArray() async throws {
        try await withLiveServer { client, atlas in
            let points = try Self.points(atlas)
            let json = try Self.results(try await client.call("/locate", method: .post, body: Self.jsonBody(points),
                                                               contentType: "application/json"))
            let geo = try await client.call("/locate", method: .post, body: Self.geoJSONBody(points), contentType: "application/geo+json")
            #expect(geo.status == .ok, "\(geo.text.prefix(300))")
            let csv = try await client.call("/locate", method: .post, body: Self.csvBody(points), contentType: "text/csv; charset=utf-8")
            #expect(csv.status == .ok, "\(csv.text.prefix(300))")
            for (name, other) in [("geojson", try Self.results(geo)), ("csv", try Self.results(csv))] {
                #expect(other.count == json.count, "\(name)")
                for (i, (a, b)) in zip(Self.comparable(json), Self.comparable(other)).enumerated() {
                    #expect(a == b, "\(name) point \(i): \(b) vs json \(a)")
                }
            }
        }
    }

    /// Splits CSV text into records (RFC 4180 quoting).
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = [], record: [String] = [], field = "", quoted = false
        var iterator = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { record.append(field); field = "" }
            else if c == "\n" || c == "\r\n" { record.append(field); field = ""; records.append(record); record = [] }
            else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    @Test(arguments: [AccessRole?.none, .viewer, .dispatcher])
    func csvAnswersHaveAHeaderAndOneRowPerPointAndPhonesByRole(role: AccessRole?) async throws {
        try await withLiveServer { client, atlas in
            let points = try Self.points(atlas)
            let body = Self.jsonBody(points)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.accept] = "text/csv"
            if let role { headers[.authorization] = "Bearer \(DemoStore.secret(role))" }
            let response = try await client.execute(uri: "/locate", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            let records = Self.parseCSV(response.text)
            try #require(records.count == points.count + 1, "\(records.count) records")
            let header = records[0]
            let seesPhones = (role ?? .viewer) >= .dispatcher
            #expect(header.first == "index")
            #expect(header.contains("worker_phone") == seesPhones, "\(header)")
            let json = try Self.results(try await client.call("/locate", method: .post, as: role, body: body, contentType: "application/json"))
            let column = { (name: String) in header.firstIndex(of: name)! }
            var phones = 0, responsible = 0
            for (i, row) in records.dropFirst().enumerated() {
                #expect(row.count == header.count, "row \(i): \(row)")
                guard row.count == header.count else { continue }
                #expect(row[column("index")] == "\(i)")
                let result = json[i]
                if result["error"] != nil {
                    #expect(row[column("status")] == "error")
                    #expect(!row[column("error")].isEmpty)
                    continue
                }
                #expect(row[column("status")] == result["status"] as? String, "row \(i)")
                #expect(row[column("grid")] == (result["grid"] as? String ?? ""), "row \(i)")
                let worker = result["responsible"] as? [String: Any]
                #expect(row[column("worker_id")] == (worker?["id"] as? String ?? ""), "row \(i)")
                if worker != nil { responsible += 1 }
                #expect((worker?["phone"] != nil) == (seesPhones && worker != nil), "row \(i) as \(String(describing: role))")
                if seesPhones, let phone = worker?["phone"] as? String {
                    #expect(row[column("worker_phone")] == phone)
                    phones += 1
                }
            }
            #expect(responsible > 0)
            #expect((phones > 0) == seesPhones)
        }
    }

    @Test func moreThanMaxBatchPointsIsRefusedWith413() async throws {
        try await withLiveServer(configure: { $0.maxBatchPoints = 100 }) { client, atlas in
            let points = try Self.points(atlas, count: 101)
            let exactly = try await client.call("/locate", method: .post, body: Self.jsonBody(Array(points.prefix(100))),
                                                contentType: "application/json")
            #expect(exactly.status == .ok, "\(exactly.text.prefix(300))")
            #expect(try Self.results(exactly).count == 100)
            for (body, type) in [(Self.jsonBody(points), "application/json"), (Self.csvBody(points), "text/csv"),
                                 (Self.geoJSONBody(points), "application/geo+json")] {
                let response = try await client.call("/locate", method: .post, body: body, contentType: type)
                #expect(response.status == .contentTooLarge, "\(type): \(response.text.prefix(300))")
                #expect(response.isProblem, "\(type)")
                #expect(response.json["status"] as? Int == 413)
                #expect(response.json["parameter"] as? String == "body")
            }
        }
    }

    @Test func malformedBodiesAndUnknownTypesAreProblems() async throws {
        try await withLiveServer { client, _ in
            let broken = "[[108.4, 24.3],\n [108.41, 24.31],\n [108.42"
            let response = try await client.call("/locate", method: .post, body: broken, contentType: "application/json")
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.isProblem)
            let detail = response.json["detail"] as? String ?? ""
            #expect(detail.contains("byte") && detail.contains("line 3"), "\(detail)")
            #expect(response.json["parameter"] as? String == "body")

            let notJSON = try await client.call("/locate", method: .post, body: "{\"lon\": 108.4", contentType: "application/json")
            #expect(notJSON.status == .badRequest && notJSON.isProblem, "\(notJSON.text)")
            #expect((notJSON.json["detail"] as? String)?.contains("byte") == true, "\(notJSON.text)")

            let noHeader = try await client.call("/locate", method: .post, body: "a,b\n1,2\n", contentType: "text/csv")
            #expect(noHeader.status == .badRequest && noHeader.isProblem, "\(noHeader.text)")
            #expect(noHeader.json["parameter"] as? String == "body")

            let xml = try await client.call("/locate", method: .post, body: "<points/>", contentType: "application/xml")
            #expect(xml.status == .unsupportedMediaType, "\(xml.text)")
            #expect(xml.isProblem)
            #expect(xml.json["status"] as? Int == 415)
        }
    }

    @Test func idsQuotedCSVAndPerPointCRSAnswerLikeSingleLookups() async throws {
        try await withLiveServer { client, atlas in
            let points = try Self.points(atlas, count: 40).compactMap(\.position)
            let converter = try CoordinateConverter(from: .gcj02)
            var csv = "id,lon,lat,crs\r\n"
            var json: [String] = []
            for (k, p) in points.enumerated() {
                let q = k % 2 == 0 ? try converter.fromWGS84(p) : p
                let crs = k % 2 == 0 ? "gcj02" : ""
                csv += "\"p \(k), \"\"q\"\"\",\(q.lon),\(q.lat),\(crs)\r\n"
                json.append("{\"id\":\"p \(k), \\\"q\\\"\",\"lon\":\(q.lon),\"lat\":\(q.lat)\(crs.isEmpty ? "" : ",\"crs\":\"gcj02\"")}")
            }
            let byCSV = try Self.results(try await client.call("/locate", method: .post, body: csv, contentType: "text/csv"))
            let byJSON = try Self.results(try await client.call("/locate", method: .post, body: "[" + json.joined(separator: ",") + "]",
                                                                 contentType: "application/json"))
            try #require(byCSV.count == points.count && byJSON.count == points.count)
            for (k, p) in points.enumerated() {
                #expect(byCSV[k]["id"] as? String == "p \(k), \"q\"", "\(byCSV[k])")
                #expect(byJSON[k]["id"] as? String == "p \(k), \"q\"", "\(byJSON[k])")
                let single = Self.expected(fromLocate: try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)").json)
                #expect(Self.got(byCSV[k]) == single, "csv point \(k)")
                #expect(Self.got(byJSON[k]) == single, "json point \(k)")
            }
        }
    }

    @Test func emptyBodiesAreProblems() async throws {
        try await withLiveServer { client, _ in
            for type in ["application/json", "application/geo+json", "text/csv"] {
                let response = try await client.call("/locate", method: .post, body: "", contentType: type)
                #expect(response.status == .badRequest, "\(type): \(response.text)")
                #expect(response.isProblem, "\(type)")
                #expect(response.json["parameter"] as? String == "body", "\(type)")
            }
            let empty = try await client.call("/locate", method: .post, body: "[]", contentType: "application/json")
            #expect(empty.status == .ok, "\(empty.text)")
            #expect(empty.json["count"] as? Int == 0)
        }
    }

    @Test func perPointMomentsPickTheRosterOfTheirMoment() async throws {
        try await withLiveServer { client, atlas in
            let roster = try atlas.roster()
            let early = Dates.parse("2024-06-01")!, late = Dates.parse("2026-06-01")!
            let generation = try atlas.generation(named: nil, at: late)
            let locator = try atlas.locator(for: generation)
            // The Locator keeps no shapes: they come from the store, in the same (code) order.
            let shapes = try atlas.store.units(inGeneration: generation.id).map(\.geometry)
            let grids = locator.units.indices.filter { locator.units[$0].tier == .grid }
            let differs = { (id: Int) in
                roster.workers(of: locator.units[id].code, at: early).map(\.workerId)
                    != roster.workers(of: locator.units[id].code, at: late).map(\.workerId)
            }
            let responsibleDiffers = { (id: Int) in
                Roster.responsible(among: roster.workers(of: locator.units[id].code, at: early))?.workerId
                    != Roster.responsible(among: roster.workers(of: locator.units[id].code, at: late))?.workerId
            }
            #expect(grids.contains(where: differs))
            // A batch result names only the responsible worker, so the grid must change that one.
            guard let id = grids.first(where: responsibleDiffers) else {
                Issue.record("the demo roster has no change of responsible worker"); return
            }
            let code = locator.units[id].code
            let p = try #require(GridGeometryProbe.interior(of: shapes[id]))
            let body = "[" + ["2024-06-01", "2026-06-01", "2024-06-01"].enumerated().map { k, moment in
                "{\"id\":\"p\(k)\",\"lon\":\(p.lon),\"lat\":\(p.lat),\"at\":\"\(moment)\"}"
            }.joined(separator: ",") + ",[\(p.lon),\(p.lat)]]"
            let response = try await client.call("/locate?at=2026-06-01", method: .post, body: body, contentType: "application/json")
            #expect(response.status == .ok, "\(response.text)")
            let results = try Self.results(response)
            try #require(results.count == 4)
            for (k, moment) in [early, late, early, late].enumerated() {
                let want = Roster.responsible(among: roster.workers(of: code, at: moment))?.workerId
                #expect(results[k]["grid"] as? String == code)
                #expect((results[k]["responsible"] as? [String: Any])?["id"] as? String == want, "result \(k): \(results[k])")
                let single = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)&at=\(Dates.format(moment))")
                #expect(Self.got(results[k]).responsible == Self.expected(fromLocate: single.json).responsible, "result \(k)")
            }
            #expect(results[0]["id"] as? String == "p0")
            let responsible = results.map { ($0["responsible"] as? [String: Any])?["id"] as? String }
            #expect(responsible[0] != responsible[1] && responsible[0] == responsible[2] && responsible[1] == responsible[3])
            #expect(results[0]["at"] != nil && results[3]["at"] == nil)
        }
    }
}
