import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Units met by a box, a polygon, a road or points, compared with brute force over every unit.
@Suite struct IntersectionQueryTests {
    /// Every unit of the tier GEOS says the shape intersects, without any prefilter.
    static func bruteForce(_ shape: SimpleGeometry, tier: Tier, view: GenerationView) throws -> [String] {
        let geos = GEOSContext()
        return try withExtendedLifetime(geos) {
            let query = try geos.geometry(shape)
            return try view.ids(of: tier).filter { try geos.intersects(query, try geos.geometry(view.unit($0).geometry)) }
                .map { view.unit($0).code }
        }
    }

    static func box(_ b: BoundingBox) -> SimpleGeometry {
        .areas(MultiPolygon(Polygon(exterior: Ring([LonLat(b.minLon, b.minLat), LonLat(b.maxLon, b.minLat), LonLat(b.maxLon, b.maxLat),
                                                     LonLat(b.minLon, b.maxLat), LonLat(b.minLon, b.minLat)]))))
    }

    @Test func boxesAnswerWhatBruteForceAnswers() throws {
        let view = try DemoQueries.view()
        let extent = view.bounds[Int(view.ids(of: .district)[0])]
        var random = SystemRandomNumberGenerator()
        var checked = 0
        for k in 0..<40 {
            // Boxes of every size around the district, some half outside it, some beyond it.
            let w = (extent.maxLon - extent.minLon) * Double.random(in: 0.01...0.6, using: &random)
            let h = (extent.maxLat - extent.minLat) * Double.random(in: 0.01...0.6, using: &random)
            let x = Double.random(in: (extent.minLon - w)...(extent.maxLon), using: &random)
            let y = Double.random(in: (extent.minLat - h)...(extent.maxLat), using: &random)
            let b = BoundingBox(minLon: x, minLat: y, maxLon: x + w, maxLat: y + h)
            for tier in k % 2 == 0 ? [Tier.grid] : [.community, .microArea] {
                let answer = try view.intersecting(try QueryGeometry(bbox: b), tier: tier)
                let expected = try Self.bruteForce(Self.box(b), tier: tier, view: view)
                #expect(answer.units.map(\.code) == expected, "\(b) \(tier)")
                #expect(answer.input == "areas" && answer.units.allSatisfy { $0.tier == tier.rawValue })
                checked += expected.count
            }
        }
        #expect(checked > 100)
    }

    /// Grids tile the district: a box inside it is split among them without loss.
    @Test func aBoxInsideTheDistrictIsSplitWithoutLoss() throws {
        let view = try DemoQueries.view()
        let centre = try DemoFiles.interiorPoint(of: "450299", in: DemoQueries.atlas)
        let b = BoundingBox(minLon: centre.lon - 0.012, minLat: centre.lat - 0.01, maxLon: centre.lon + 0.012, maxLat: centre.lat + 0.01)
        let geos = GEOSContext()
        let inside = try withExtendedLifetime(geos) {
            try geos.covers(try geos.prepare(try geos.geometry(view.unit(view.ids(of: .district)[0]).geometry)),
                            try geos.geometry(Self.box(b)))
        }
        try #require(inside, "the test box must lie inside the district")
        let answer = try view.intersecting(try QueryGeometry(bbox: b), tier: .grid)
        let total = try #require(answer.inputAreaM2)
        let overlaps = answer.units.compactMap(\.overlapM2)
        #expect(overlaps.count == answer.units.count && answer.units.count > 3)
        // Within 1e-5: the box's area is measured with geodesic edges, the pieces with extra vertices
        // where grid boundaries cross the box's straight lon/lat edges (metres² over km²).
        #expect(abs(overlaps.reduce(0, +) - total) / total < 1e-5)
        for hit in answer.units {
            let id = try view.id(of: hit.code)
            #expect(try abs(#require(hit.share) - hit.overlapM2! / view.areas[Int(id)]) < 1e-12)
        }
    }

    /// "Which grids does this road cross, with the length in each": the lengths add up to the road.
    @Test func aRoadsLengthIsSplitAmongTheGridsItCrosses() throws {
        let view = try DemoQueries.view()
        let atlas = DemoQueries.atlas
        let start = try DemoFiles.interiorPoint(of: "450299001001001", in: atlas)
        let bend = try DemoFiles.interiorPoint(of: "450299002001003", in: atlas)
        let end = try DemoFiles.interiorPoint(of: view.unit(view.ids(of: .grid).last!).code, in: atlas)
        let road = [start, bend, end]
        let wkt = "LINESTRING (" + road.map { "\($0.lon) \($0.lat)" }.joined(separator: ", ") + ")"
        let answer = try view.intersecting(try QueryGeometry(text: wkt), tier: .grid)
        let length = Geodesic.wgs84.length(road)
        #expect(try answer.input == "lines" && abs(#require(answer.inputLengthM) - length) < 1e-9)
        #expect(answer.units.count >= 5)
        #expect(answer.units.map(\.code) == answer.units.map(\.code).sorted())
        #expect(try answer.units.map(\.code) == Self.bruteForce(.lines([road]), tier: .grid, view: view))
        let sum = answer.units.reduce(0) { $0 + ($1.lengthM ?? .nan) }
        #expect(abs(sum - length) / length < 1e-6, "\(sum) vs \(length)")
        #expect(answer.units.allSatisfy { $0.overlapM2 == nil && $0.share == nil })
        // The same road as GeoJSON, and as two pieces of a MultiLineString.
        let geojson = "{\"type\":\"LineString\",\"coordinates\":[" + road.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]}"
        #expect(try view.intersecting(try QueryGeometry(text: geojson), tier: .grid) == answer)
        let pieces = "MULTILINESTRING ((\(start.lon) \(start.lat), \(bend.lon) \(bend.lat)), (\(bend.lon) \(bend.lat), \(end.lon) \(end.lat)))"
        let split = try view.intersecting(try QueryGeometry(text: pieces, format: .wkt), tier: .grid)
        #expect(split.units.map(\.code) == answer.units.map(\.code))
        for (a, b) in zip(split.units, answer.units) { #expect(abs(a.lengthM! - b.lengthM!) < 1e-6) }
    }

    @Test func pointsAnswerTheirUnitsOnly() throws {
        let view = try DemoQueries.view()
        let a = try DemoFiles.interiorPoint(of: "450299001001001", in: DemoQueries.atlas)
        let b = try DemoFiles.interiorPoint(of: "450299002001003", in: DemoQueries.atlas)
        let one = try view.intersecting(try QueryGeometry(text: "POINT (\(a.lon) \(a.lat))"), tier: .grid)
        #expect(one.input == "points" && one.units.map(\.code) == ["450299001001001"])
        #expect(one.units[0].lengthM == nil && one.units[0].overlapM2 == nil)
        let both = try view.intersecting(try QueryGeometry(text: "MULTIPOINT ((\(b.lon) \(b.lat)), (\(a.lon) \(a.lat)))"), tier: .grid)
        #expect(both.units.map(\.code) == ["450299001001001", "450299002001003"])
        let chain = try view.intersecting(try QueryGeometry(text: "{\"type\":\"Point\",\"coordinates\":[\(a.lon),\(a.lat)]}"), tier: .community)
        #expect(chain.units.map(\.code) == ["450299001001"])
        let far = try view.intersecting(try QueryGeometry(text: "POINT (100 30)"), tier: .grid)
        #expect(far.units.isEmpty)
    }

    /// The same polygon sent in GCJ-02 (each vertex shifted) gives the same answer.
    @Test func aPolygonInGCJ02GivesTheSameAnswer() throws {
        let view = try DemoQueries.view()
        let c = try DemoFiles.interiorPoint(of: "450299", in: DemoQueries.atlas)
        let ring = [LonLat(c.lon - 0.01, c.lat - 0.008), LonLat(c.lon + 0.013, c.lat - 0.004), LonLat(c.lon + 0.004, c.lat + 0.011),
                    LonLat(c.lon - 0.01, c.lat - 0.008)]
        func wkt(_ points: [LonLat]) -> String {
            "POLYGON ((" + points.map { "\($0.lon) \($0.lat)" }.joined(separator: ", ") + "))"
        }
        let plain = try view.intersecting(try QueryGeometry(text: wkt(ring)), tier: .grid)
        let shifted = try view.intersecting(try QueryGeometry(text: wkt(ring.map(ChinaOffset.gcj02(fromWGS84:))), crs: .gcj02), tier: .grid)
        #expect(plain.units.map(\.code) == shifted.units.map(\.code) && plain.units.count > 3)
        for (a, b) in zip(plain.units, shifted.units) { #expect(abs(a.overlapM2! - b.overlapM2!) < 0.01) }
        #expect(try plain.units.map(\.code) == (Self.bruteForce(.areas(MultiPolygon(Polygon(exterior: Ring(ring)))), tier: .grid, view: view)))
    }
}
