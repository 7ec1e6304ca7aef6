import Foundation
import Testing
@testable import GridGeometry

/// Fixed-precision numbers and the WKT/GeoJSON writers built on them.
@Suite struct TextOutputTests {
    @Test func fixedDecimalsOnKnownValues() {
        #expect(FixedDecimal.text(108.36213250000001, decimals: 7) == "108.3621325")
        #expect(FixedDecimal.text(0.1 + 0.2, decimals: 7) == "0.3")
        #expect(FixedDecimal.text(2, decimals: 7) == "2")
        #expect(FixedDecimal.text(-0.00000001, decimals: 7) == "0")
        #expect(FixedDecimal.text(-3.14159265, decimals: 3) == "-3.142")
        #expect(FixedDecimal.text(397473.8232, decimals: 3) == "397473.823")
        #expect(FixedDecimal.text(0.000_000_5, decimals: 7) == "0.0000005")
        #expect(FixedDecimal.text(-24.05, decimals: 7) == "-24.05")
        #expect(FixedDecimal.text(1e20, decimals: 3) == "100000000000000000000")
        #expect(FixedDecimal.text(.nan, decimals: 3) == "nan")
    }

    /// Against C's printf, the reference for decimal rounding, over random degrees and metres.
    @Test func fixedDecimalsAgreeWithPrintf() {
        var random = SystemRandomNumberGenerator()
        for (range, decimals) in [(-180.0...180.0, 7), (-1e7...1e7, 3), (-1.0...1.0, 7)] {
            for _ in 0..<20_000 {
                let value = Double.random(in: range, using: &random)
                var reference = String(format: "%.\(decimals)f", value)
                while reference.hasSuffix("0") { reference.removeLast() }
                if reference.hasSuffix(".") { reference.removeLast() }
                if reference == "-0" { reference = "0" }
                let ours = FixedDecimal.text(value, decimals: decimals)
                if ours != reference {
                    Issue.record("\(value): \(ours) vs printf \(reference)")
                    return
                }
            }
        }
    }

    static let square = Ring([LonLat(0, 0), LonLat(4, 0), LonLat(4, 4), LonLat(0, 4), LonLat(0, 0)])
    static let hole = Ring([LonLat(1, 1), LonLat(1, 2), LonLat(2, 2), LonLat(2, 1), LonLat(1, 1)])

    @Test func wktOfPolygonsAndMultiPolygons() throws {
        let one = MultiPolygon(Polygon(exterior: Self.square, holes: [Self.hole]))
        #expect(WKTWriter.text(one) == "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))")
        let far = Ring(Self.square.points.map { LonLat($0.lon + 10.123456789, $0.lat - 0.5) })
        let two = MultiPolygon([Polygon(exterior: Self.square), Polygon(exterior: far)])
        #expect(WKTWriter.text(two, decimals: 3).hasPrefix("MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0)), ((10.123 -0.5, 14.123 -0.5,"))
        #expect(WKTWriter.text(MultiPolygon([])) == "MULTIPOLYGON EMPTY")
        // GEOS reads both back to the same shapes.
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            #expect(geos.polygons(of: try geos.readWKT(WKTWriter.text(one))) == one)
            let back = geos.polygons(of: try geos.readWKT(WKTWriter.text(two, decimals: 9)))
            #expect(back.polygons.count == 2 && back.polygons[1].exterior.points[0] == LonLat(10.123456789, -0.5))
        }
    }

    @Test func geoJSONWithDecimalsMatchesTheExactWriterOnShortNumbers() throws {
        let one = MultiPolygon(Polygon(exterior: Self.square, holes: [Self.hole]))
        #expect(GeoJSONGeometry.text(one, decimals: 7) == GeoJSONGeometry.text(one).replacingOccurrences(of: ".0", with: ""))
        let odd = MultiPolygon(Polygon(exterior: Ring(Self.square.points.map { LonLat($0.lon + 0.1 + 0.2, $0.lat) })))
        let text = GeoJSONGeometry.text(odd, decimals: 7)
        #expect(text.hasPrefix("{\"type\":\"Polygon\",\"coordinates\":[[[0.3,0],[4.3,0],"))
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            let two = MultiPolygon([Polygon(exterior: Self.square), Polygon(exterior: Self.hole)])
            let read = try geos.readGeoJSON(GeoJSONGeometry.text(two, decimals: 3))
            #expect(geos.polygons(of: read) == two)
        }
    }
}
