import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// A unit's boundary as GeoJSON or WKT, simplified in metres, in every CRS the service speaks.
@Suite struct GeometryOutputTests {
    @Test func simplifiedShapesAreValidSmallerAndWithinTheTolerance() throws {
        let view = try DemoQueries.view()
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            var before = 0, after = 0
            for tier in [Tier.district, .subdistrict, .grid] {
                let tolerance = tier == .grid ? 15.0 : 60.0
                for id in view.ids(of: tier) {
                    let unit = view.unit(id)
                    let simplified = try view.geometry(of: unit.code, simplify: tolerance)
                    #expect(simplified.simplifyM == tolerance)
                    #expect(simplified.shape.polygons.count == unit.geometry.polygons.count, "\(unit.code): a part vanished")
                    #expect(simplified.vertexCount <= unit.geometry.vertexCount)
                    before += unit.geometry.vertexCount
                    after += simplified.vertexCount
                    #expect(geos.validity(of: try geos.geometry(simplified.shape)) == .valid, "\(unit.code)")
                    // Kept vertices are original vertices, bit for bit.
                    let originals = Set(unit.geometry.rings.flatMap(\.points))
                    #expect(simplified.shape.rings.flatMap(\.points).allSatisfy(originals.contains), "\(unit.code)")
                    // Within the tolerance, measured in metres on a local plane.
                    let frame = LocalFrame(around: unit.geometry.bounds)
                    let distance = try geos.hausdorffDistance(try geos.geometry(unit.geometry.mapPoints(frame.metres)),
                                                              try geos.geometry(simplified.shape.mapPoints(frame.metres)), densify: 0.1)
                    #expect(distance <= tolerance * 1.000001, "\(unit.code): \(distance) m")
                }
            }
            #expect(Double(after) < 0.8 * Double(before), "\(after) of \(before) vertices kept")
        }
        // No tolerance: the stored shape, untouched.
        let code = view.unit(view.ids(of: .grid)[0]).code
        #expect(try view.geometry(of: code).shape == view.unit(view.ids(of: .grid)[0]).geometry)
        #expect(try view.geometry(of: code, simplify: 0).shape == view.unit(view.ids(of: .grid)[0]).geometry)
    }

    @Test(arguments: [CRS.gcj02, .bd09, .epsg(4545)])
    func convertedShapesComeBackWithinACentimetre(_ crs: CRS) throws {
        let view = try DemoQueries.view()
        let back = try CoordinateConverter(from: crs)
        var worst = 0.0, unchanged = 0
        for id in view.ids(of: .grid) {
            let unit = view.unit(id)
            let output = try view.geometry(of: unit.code, crs: crs)
            #expect(output.decimals == (crs == .epsg(4545) ? 3 : 7))
            let original = unit.geometry.rings.flatMap(\.points)
            let converted = output.shape.rings.flatMap(\.points)
            #expect(original.count == converted.count)
            for (p, q) in zip(original, converted) {
                if p == q { unchanged += 1 }
                worst = max(worst, Geodesic.wgs84.distance(p, try back.toWGS84(q)))
            }
        }
        #expect(unchanged == 0, "\(crs) left vertices unchanged")
        #expect(worst < 0.01, "\(crs): \(worst) m")
    }

    @Test func cgcs2000IsTheSameNumbers() throws {
        let view = try DemoQueries.view()
        let code = view.unit(view.ids(of: .grid)[3]).code
        let wgs = try view.geometry(of: code, crs: .wgs84)
        for crs in [CRS.cgcs2000, .epsg(4490), .epsg(4326)] {
            let same = try view.geometry(of: code, crs: crs)
            #expect(same.shape == wgs.shape && same.wkt == wgs.wkt && same.geoJSON == wgs.geoJSON)
        }
    }

    @Test func textFormsFollowThePartCountAndThePrecision() throws {
        let view = try DemoQueries.view()
        let multi = try #require(view.units.first { $0.geometry.polygons.count > 1 })
        let single = try #require(view.units.first { $0.tier == .grid && $0.geometry.polygons.count == 1 })
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            for unit in [multi, single] {
                let output = try view.geometry(of: unit.code)
                let isMulti = unit.geometry.polygons.count > 1
                #expect(output.wkt.hasPrefix(isMulti ? "MULTIPOLYGON (((" : "POLYGON (("))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(output.geoJSON.utf8)) as? [String: Any])
                #expect(object["type"] as? String == (isMulti ? "MultiPolygon" : "Polygon"))
                // Both texts read back (by GEOS, independently of the writers) to the stored shape within rounding.
                for read in [try geos.readWKT(output.wkt), try geos.readGeoJSON(output.geoJSON)] {
                    let shape = geos.polygons(of: read)
                    #expect(shape.vertexCount == unit.geometry.vertexCount)
                    let error = zip(shape.rings.flatMap(\.points), unit.geometry.rings.flatMap(\.points))
                        .map { max(abs($0.lon - $1.lon), abs($0.lat - $1.lat)) }.max() ?? 1
                    #expect(error <= 0.5e-7 + 1e-12)
                }
                #expect(Self.maxDecimals(in: output.wkt) <= 7 && Self.maxDecimals(in: output.geoJSON) <= 7)
            }
        }
        let projected = try view.geometry(of: single.code, crs: .epsg(4545))
        #expect(Self.maxDecimals(in: projected.wkt) <= 3 && Self.maxDecimals(in: projected.geoJSON) <= 3)
        #expect(projected.shape.rings[0].points[0].lon > 100_000, "easting in metres")
    }

    /// The most digits after a decimal point anywhere in the text.
    static func maxDecimals(in text: String) -> Int {
        var best = 0, run = 0, afterPoint = false
        for c in text {
            if c == "." { afterPoint = true; run = 0 } else if c.isNumber && afterPoint { run += 1; best = max(best, run) } else { afterPoint = false }
        }
        return best
    }

    /// The GCJ-02 WKT of a grid, sent back as a GCJ-02 query, finds that grid and covers it.
    @Test func aGridsGCJ02TextReadsBackAsTheSameGrid() throws {
        let view = try DemoQueries.view()
        let code = view.unit(view.ids(of: .grid)[40]).code
        let text = try view.geometry(of: code, crs: .gcj02).wkt
        let hits = try view.intersecting(try QueryGeometry(text: text, crs: .gcj02), tier: .grid)
        let own = try #require(hits.units.first { $0.code == code })
        #expect(try #require(own.share) > 0.9999)
        #expect(hits.units.filter { $0.code != code }.allSatisfy { ($0.share ?? 1) < 1e-3 })
    }
}
