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

/// Boundary questions and density over HTTP, checked against the library and brute force.
@Suite("Boundary and density routes over HTTP")
struct BoundaryRouteTests {
    /// The view of the generation in force now, as the server reads it.
    static func view(_ atlas: Atlas) throws -> GenerationView {
        try atlas.view(for: try atlas.generation(named: nil, at: Date()))
    }

    static func gridCodes(_ view: GenerationView) -> [String] {
        view.ids(of: .grid).map { view.unit($0).code }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func object(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// Every vertex of a GeoJSON Polygon or MultiPolygon geometry object.
    static func geoJSONVertices(_ geometry: [String: Any]) -> [[Double]] {
        func walk(_ value: Any, into out: inout [[Double]]) {
            guard let array = value as? [Any] else { return }
            if let pair = array as? [Double], pair.count >= 2, array.allSatisfy({ $0 is NSNumber }) { out.append(pair); return }
            for element in array { walk(element, into: &out) }
        }
        var out: [[Double]] = []
        walk(geometry["coordinates"] ?? [], into: &out)
        return out
    }

    static func shape(fromWKT text: String) throws -> MultiPolygon {
        let geos = GEOSContext()
        let g = try geos.readWKT(text)
        guard case .areas(let shape) = try #require(geos.simpleGeometry(of: g)) else {
            Issue.record("the WKT is not an areal geometry: \(text.prefix(80))")
            return MultiPolygon([])
        }
        return shape
    }

    // MARK: - units

    @Test(arguments: [AccessRole?.none, .viewer, .dispatcher, .admin])
    func unitDetailEqualsTheViewAndListsWorkersWithPhonesByRole(role: AccessRole?) async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let roster = try atlas.roster()
            let at = Dates.parse("2025-03-01")!
            var withWorkers = 0
            for code in Self.gridCodes(view).prefix(25) {
                let response = try await client.call("/units/\(code)?at=2025-03-01", as: role)
                #expect(response.status == .ok, "\(code): \(response.text)")
                let detail = try Self.decode(UnitDetail.self, "\(response.text)")
                #expect(detail == (try view.detail(of: code)), "\(code)")
                let json = response.json
                let workers = try #require(json["workers"] as? [[String: Any]], "\(code): \(response.text)")
                let expected = roster.workers(of: code, at: at)
                #expect(workers.compactMap { $0["id"] as? String } == expected.map(\.workerId), "\(code)")
                let seesPhones = (role ?? .viewer) >= .dispatcher
                #expect(workers.filter { $0["phone"] is String }.count == (seesPhones ? workers.count : 0), "\(code) as \(String(describing: role))")
                if let responsible = Roster.responsible(among: expected) {
                    let answered = try #require(json["responsible"] as? [String: Any], "\(code)")
                    #expect(answered["id"] as? String == responsible.workerId)
                    #expect((answered["phone"] as? String) == (seesPhones ? responsible.phone : nil))
                    withWorkers += 1
                }
            }
            #expect(withWorkers > 0, "no grid of the demo has workers")
        }
    }

    @Test func unitWorkersFollowTheMomentAsked() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let roster = try atlas.roster()
            let early = Dates.parse("2024-06-01")!, late = Dates.parse("2026-06-01")!
            let code = try #require(Self.gridCodes(view).first { code in
                roster.workers(of: code, at: early).map(\.workerId) != roster.workers(of: code, at: late).map(\.workerId)
            }, "the demo roster has no change")
            for (text, moment) in [("2024-06-01", early), ("2026-06-01", late)] {
                let json = try await client.call("/units/\(code)?at=\(text)").json
                let ids = (json["workers"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids == roster.workers(of: code, at: moment).map(\.workerId), "\(code) at \(text)")
                #expect((json["responsible"] as? [String: Any])?["id"] as? String
                        == Roster.responsible(among: roster.workers(of: code, at: moment))?.workerId, "\(code) at \(text)")
            }
        }
    }

    /// docs/queries.md: the workers of a unit above a grid are the distinct workers assigned to it
    /// or to any unit below it.
    @Test func unitsAboveGridsListTheWorkersOfEveryUnitBelow() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let roster = try atlas.roster()
            let at = Dates.parse("2025-03-01")!
            for tier in [Tier.community, .subdistrict] {
                let id = try #require(view.ids(of: tier).first)
                let code = view.unit(id).code
                let expected = Set(([id] + view.subtree(of: id)).flatMap { roster.workers(of: view.unit($0).code, at: at).map(\.workerId) })
                #expect(!expected.isEmpty)
                // /density counts a unit's workers this way already.
                let density = try Self.decode(DensityTable.self, try await client.call("/density?tier=\(tier)&at=2025-03-01").text)
                #expect(density.rows.first { $0.code == code }?.workers == expected.count, "\(code)")
                let json = try await client.call("/units/\(code)?at=2025-03-01").json
                let ids = (json["workers"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                #expect(ids.count == Set(ids).count, "\(code) lists a worker twice")
                #expect(Set(ids) == expected, "\(tier) \(code): \(ids.count) workers listed, \(expected.count) serve it or a unit below")
            }
        }
    }

    @Test func childrenOfTheDistrictAreItsSubdistricts() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let district = view.unit(try #require(view.ids(of: .district).first))
            let expected = view.ids(of: .subdistrict).map { view.unit($0).code }.sorted()
            #expect(!expected.isEmpty)
            let response = try await client.call("/units/\(district.code)/children")
            #expect(response.status == .ok)
            let units = try #require(response.json["units"] as? [[String: Any]], "\(response.text)")
            #expect(units.compactMap { $0["code"] as? String }.sorted() == expected)
            #expect(units.allSatisfy { $0["tier"] as? String == "subdistrict" })
            #expect(units.compactMap { $0["code"] as? String } == (try view.children(of: district.code)).map(\.code))
        }
    }

    @Test func neighboursAreSymmetric() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            var lists: [String: [String: Double]] = [:]
            func neighbours(_ code: String) async throws -> [String: Double] {
                if let known = lists[code] { return known }
                let response = try await client.call("/units/\(code)/neighbours")
                #expect(response.status == .ok, "\(code): \(response.text)")
                let answer = try Self.decode(Neighbours.self, "\(response.text)")
                #expect(answer.code == code)
                let shared = Dictionary(answer.neighbours.map { ($0.code, $0.sharedM) }, uniquingKeysWith: { a, _ in a })
                #expect(shared.count == answer.neighbours.count, "\(code) lists a neighbour twice")
                #expect(answer.neighbours.allSatisfy { $0.sharedM > 0 })
                #expect(answer.unsharedM >= 0 && answer.unsharedM <= answer.perimeterM + 0.01)
                lists[code] = shared
                return shared
            }
            var pairs = 0
            for code in Self.gridCodes(view).prefix(20) {
                let mine = try await neighbours(code)
                #expect(!mine.isEmpty, "\(code) has no neighbours")
                for (other, length) in mine {
                    let theirs = try await neighbours(other)
                    let back = theirs[code]
                    #expect(back != nil, "\(other) does not list \(code) though \(code) lists \(other)")
                    if let back { #expect(abs(back - length) <= 0.01, "\(code)→\(other) \(length) m, back \(back) m") }
                    pairs += 1
                }
            }
            #expect(pairs > 20)
        }
    }

    @Test func geometryAsWKTAndGeoJSONSimplifiedAndInGCJ02() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            // The grid with the most vertices, so simplifying has something to drop.
            let id = try #require(view.ids(of: .grid).max { view.unit($0).geometry.vertexCount < view.unit($1).geometry.vertexCount })
            let unit = view.unit(id)
            let stored = unit.geometry

            let wkt = try await client.call("/units/\(unit.code)/geometry?format=wkt")
            #expect(wkt.status == .ok, "\(wkt.text)")
            let fromWKT = try Self.shape(fromWKT: wkt.text)
            #expect(fromWKT.vertexCount == stored.vertexCount)
            let geos = GEOSContext()
            let area = try geos.geometry(stored), parsed = try geos.geometry(fromWKT)
            #expect(try geos.hausdorffDistance(area, parsed) < 1e-6)

            let geojson = try await client.call("/units/\(unit.code)/geometry?format=geojson")
            #expect(geojson.status == .ok)
            #expect(geojson.headers[.contentType]?.hasPrefix("application/geo+json") == true)
            let object = try #require(Self.object(geojson.text) as? [String: Any], "\(geojson.text)")
            let type = object["type"] as? String
            #expect(type == (stored.polygons.count == 1 ? "Polygon" : "MultiPolygon"))
            let vertices = Self.geoJSONVertices(object)
            #expect(vertices.count == stored.vertexCount)
            #expect(try geos.hausdorffDistance(area, try geos.readGeoJSON(geojson.text)) < 1e-6)

            let simplified = try await client.call("/units/\(unit.code)/geometry?format=wkt&simplify=20")
            #expect(simplified.status == .ok, "\(simplified.text)")
            let fewer = try Self.shape(fromWKT: simplified.text)
            #expect(fewer.vertexCount < stored.vertexCount, "simplify=20 kept \(fewer.vertexCount) of \(stored.vertexCount)")
            #expect(fewer.vertexCount >= 4 * stored.polygons.count)

            let gcjText = try await client.call("/units/\(unit.code)/geometry?format=wkt&crs=gcj02")
            #expect(gcjText.status == .ok, "\(gcjText.text)")
            let gcj = try Self.shape(fromWKT: gcjText.text)
            let storedPoints = stored.polygons.flatMap { $0.rings.flatMap(\.points) }
            let gcjPoints = gcj.polygons.flatMap { $0.rings.flatMap(\.points) }
            try #require(gcjPoints.count == storedPoints.count)
            let back = try CoordinateConverter(from: .gcj02)
            var worstOffset = 0.0, leastOffset = Double.infinity, worstReturn = 0.0
            for (w, g) in zip(storedPoints, gcjPoints) {
                let offset = Geodesic.wgs84.distance(w, g)
                worstOffset = max(worstOffset, offset)
                leastOffset = min(leastOffset, offset)
                worstReturn = max(worstReturn, Geodesic.wgs84.distance(try back.toWGS84(g), w))
            }
            #expect(leastOffset > 100 && worstOffset < 1000, "GCJ-02 offset \(leastOffset)…\(worstOffset) m")
            #expect(worstReturn <= 0.01, "back to WGS84 within \(worstReturn) m")
        }
    }

    @Test func unitsInABoxEqualABruteForceFilter() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let geos = GEOSContext()
            let boxes: [(Double, Double, Double, Double)] = [
                (108.40, 24.28, 108.43, 24.31), (108.35, 24.24, 108.38, 24.26), (108.45, 24.33, 108.52, 24.40), (108.0, 24.0, 108.1, 24.1),
            ]
            for (a, b, c, d) in boxes {
                let box = try geos.readWKT("POLYGON((\(a) \(b), \(c) \(b), \(c) \(d), \(a) \(d), \(a) \(b)))")
                var expected: [String] = []
                for id in view.ids(of: .grid) where try geos.intersects(box, try geos.geometry(view.unit(id).geometry)) {
                    expected.append(view.unit(id).code)
                }
                let response = try await client.call("/units?tier=grid&bbox=\(a),\(b),\(c),\(d)")
                #expect(response.status == .ok, "\(response.text)")
                let units = try #require(response.json["units"] as? [[String: Any]], "\(response.text)")
                #expect(units.compactMap { $0["code"] as? String }.sorted() == expected.sorted(), "bbox \(a),\(b),\(c),\(d)")
                #expect(units.allSatisfy { $0["tier"] as? String == "grid" })
            }
        }
    }

    /// A line from one grid's interior to another's that stays inside grids all the way.
    static func lineAcrossGrids(_ atlas: Atlas, _ view: GenerationView) throws -> (LonLat, LonLat)? {
        let converter = try CoordinateConverter(from: .wgs84)
        let inside = view.ids(of: .grid).compactMap { GridGeometryProbe.interior(of: view.unit($0).geometry) }
        for (i, a) in inside.enumerated() {
            for b in inside[(i + 1)...] {
                let length = Geodesic.wgs84.distance(a, b)
                guard length > 1500, length < 4000 else { continue }
                var covered = true
                for k in 0...200 where covered {
                    let t = Double(k) / 200
                    let p = LonLat(a.lon + (b.lon - a.lon) * t, a.lat + (b.lat - a.lat) * t)
                    covered = try atlas.resolve(p, converter: converter).status == "inside"
                }
                if covered { return (a, b) }
            }
        }
        return nil
    }

    @Test func aLineMeetsGridsWhoseLengthsSumToItsLengthInWKTAndGeoJSON() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let (a, b) = try #require(try Self.lineAcrossGrids(atlas, view), "no line inside grids")
            let length = Geodesic.wgs84.distance(a, b)
            let wkt = "LINESTRING(\(a.lon) \(a.lat), \(b.lon) \(b.lat))"
            let geojson = "{\"type\":\"LineString\",\"coordinates\":[[\(a.lon),\(a.lat)],[\(b.lon),\(b.lat)]]}"
            let byWKT = try await client.call("/units/intersecting?tier=grid", method: .post, body: wkt, contentType: "text/plain")
            #expect(byWKT.status == .ok, "\(byWKT.text)")
            let answer = try Self.decode(Intersections.self, byWKT.text)
            #expect(answer.input == "lines")
            #expect(answer.units.count >= 3, "the line meets \(answer.units.count) grids")
            let sum = answer.units.compactMap(\.lengthM).reduce(0, +)
            #expect(abs(sum - length) <= 0.005 * length, "lengths sum to \(sum) m, the line is \(length) m")
            #expect(abs((answer.inputLengthM ?? 0) - length) <= 0.005 * length)
            let byGeoJSON = try await client.call("/units/intersecting?tier=grid", method: .post, body: geojson,
                                                  contentType: "application/geo+json")
            #expect(byGeoJSON.status == .ok, "\(byGeoJSON.text)")
            let other = try Self.decode(Intersections.self, byGeoJSON.text)
            #expect(other.units.map(\.code) == answer.units.map(\.code))
            for (x, y) in zip(other.units, answer.units) {
                #expect(abs((x.lengthM ?? -1) - (y.lengthM ?? -2)) < 0.01, "\(x.code)")
            }
        }
    }

    @Test func nearestBoundaryFromInsideAGridNamesIt() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            for id in view.ids(of: .grid).prefix(15) {
                let unit = view.unit(id)
                let p = try #require(GridGeometryProbe.interior(of: unit.geometry))
                let response = try await client.call("/nearest-boundary?lon=\(p.lon)&lat=\(p.lat)&tier=grid")
                #expect(response.status == .ok, "\(response.text)")
                let answer = try Self.decode(NearestBoundary.self, "\(response.text)")
                #expect(answer.inside?.code == unit.code)
                let distance = try #require(answer.distanceM)
                #expect(distance > 0 && distance < 5000, "\(unit.code): \(distance) m")
                #expect(answer.across?.code != unit.code)
            }
        }
    }

    @Test func nearestBoundaryFromOutsideNamesTheGridLocateCallsNearest() async throws {
        try await withLiveServer { client, atlas in
            var checked = 0
            for p in [LonLat(108.35, 24.30), LonLat(108.52, 24.31), LonLat(108.43, 24.235), LonLat(108.42, 24.39)] {
                let locate = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)").json
                guard locate["status"] as? String == "outside", let nearest = locate["nearest"] as? [String: Any] else { continue }
                let response = try await client.call("/nearest-boundary?lon=\(p.lon)&lat=\(p.lat)&tier=grid")
                #expect(response.status == .ok, "\(response.text)")
                let answer = try Self.decode(NearestBoundary.self, response.text)
                #expect(answer.inside == nil, "\(p)")
                #expect(answer.across?.code == nearest["code"] as? String, "\(p): \(response.text) vs \(nearest)")
                let distance = try #require(answer.distanceM)
                let locateDistance = try #require(nearest["distance_m"] as? Double)
                #expect(abs(distance - locateDistance) < 1, "\(p): \(distance) vs \(locateDistance)")
                checked += 1
            }
            #expect(checked > 0, "no probe point lies outside the district")
        }
    }

    @Test func aLineInGCJ02MeetsTheSameGrids() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let (a, b) = try #require(try Self.lineAcrossGrids(atlas, view), "no line inside grids")
            let converter = try CoordinateConverter(from: .gcj02)
            let (ga, gb) = (try converter.fromWGS84(a), try converter.fromWGS84(b))
            let wgs = try Self.decode(Intersections.self, try await client.call(
                "/units/intersecting?tier=grid", method: .post, body: "LINESTRING(\(a.lon) \(a.lat), \(b.lon) \(b.lat))", contentType: "text/plain").text)
            let response = try await client.call("/units/intersecting?tier=grid&crs=gcj02", method: .post,
                                                 body: "LINESTRING(\(ga.lon) \(ga.lat), \(gb.lon) \(gb.lat))", contentType: "text/plain")
            #expect(response.status == .ok, "\(response.text)")
            let gcj = try Self.decode(Intersections.self, response.text)
            #expect(gcj.units.map(\.code) == wgs.units.map(\.code))
            // The GCJ-02 offset is not a translation: a straight line there is not quite the same
            // line in WGS84, but over a few km it bends by centimetres.
            #expect(abs((gcj.inputLengthM ?? 0) - (wgs.inputLengthM ?? 0)) < 1, "\(String(describing: gcj.inputLengthM)) vs \(String(describing: wgs.inputLengthM))")
        }
    }

    // MARK: - errors

    static let problems: [(uri: String, status: Int, parameter: String)] = [
        ("/units/999999999999999", 404, "code"),
        ("/units/999999999999999/geometry", 404, "code"),
        ("/units/999999999999999/neighbours", 404, "code"),
        ("/units/999999999999999/children", 404, "code"),
        ("/units?tier=planet&bbox=108.40,24.28,108.43,24.31", 400, "tier"),
        ("/density?tier=planet", 400, "tier"),
        ("/units?tier=grid&bbox=nan,24.28,108.43,24.31", 400, "bbox"),
        ("/units?tier=grid&bbox=108.43,24.31,108.40,24.28", 400, "bbox"),
        ("/units?tier=grid&bbox=200,24.28,201,24.31", 400, "bbox"),
        ("/units?tier=grid&bbox=108.40,95,108.43,96", 400, "bbox"),
        ("/units?tier=grid&bbox=100,20,108.43,24.31", 400, "bbox"),
        ("/units?tier=grid&bbox=108.40,24.28,108.43", 400, "bbox"),
        ("/units?tier=grid&bbox=108.0,24.0,108.6,24.6", 400, "bbox"),
        ("/units?tier=grid", 400, "bbox"),
        ("/density/choropleth?measure=happiness", 400, "measure"),
        ("/density/ranking?measure=happiness", 400, "measure"),
        ("/units/450299001001001/geometry?simplify=-1", 400, "simplify"),
        ("/units/450299001001001/geometry?format=kml", 400, "format"),
        ("/units/450299001001001/geometry?crs=nowhere", 400, "crs"),
        ("/nearest-boundary?lon=108.4&lat=24.3&crs=nowhere", 400, "crs"),
        ("/density/choropleth?classes=0", 400, "classes"),
    ]

    static func checkProblem(_ response: TestResponse, status: Int, parameter: String, _ what: String) {
        #expect(Int(response.status.code) == status, "\(what): \(response.text)")
        #expect(response.isProblem, "\(what): \(response.headers[.contentType] ?? "no content type")")
        let problem = response.json
        #expect(problem["status"] as? Int == status, "\(what)")
        #expect((problem["detail"] as? String)?.isEmpty == false, "\(what)")
        #expect(problem["parameter"] as? String == parameter, "\(what): \(response.text)")
    }

    @Test func badQueriesGetProblemsNamingTheParameter() async throws {
        try await withLiveServer { client, atlas in
            let grid = try #require(Self.gridCodes(try Self.view(atlas)).first)
            #expect(grid == "450299001001001")
            for item in Self.problems {
                Self.checkProblem(try await client.call(item.uri), status: item.status, parameter: item.parameter, item.uri)
            }
        }
    }

    @Test func badBodiesGetProblems() async throws {
        try await withLiveServer { client, _ in
            let bodies: [(body: String, type: String, parameter: String)] = [
                ("LINESTRING(108.40 24.30, 108.42", "text/plain", "geometry"),
                ("POLYGON((108.40 24.30, 108.42 24.32, 108.42 24.30, 108.40 24.32, 108.40 24.30))", "text/plain", "geometry"),
                ("{\"type\":\"LineString\",\"coordinates\":[[108.40,24.30],", "application/geo+json", "geometry"),
                ("", "text/plain", "body"),
                ("  \n", "text/plain", "body"),
            ]
            for item in bodies {
                let response = try await client.call("/units/intersecting?tier=grid", method: .post, body: item.body, contentType: item.type)
                Self.checkProblem(response, status: 400, parameter: item.parameter, "body '\(item.body)'")
            }
            let unknownTier = try await client.call("/units/intersecting?tier=planet", method: .post,
                                                    body: "POINT(108.4 24.3)", contentType: "text/plain")
            Self.checkProblem(unknownTier, status: 400, parameter: "tier", "intersecting tier=planet")
        }
    }
}
