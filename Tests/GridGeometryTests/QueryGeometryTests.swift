import Testing
@testable import GridGeometry

/// The geometry helpers boundary questions use: readers, simple geometries, local frames,
/// boundary overlays, lengths and CRS kinds.
@Suite struct QueryGeometryTests {
    @Test func readersGiveSimpleGeometriesOfEveryKind() throws {
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            let cases: [(String, SimpleGeometry)] = [
                ("POINT (1 2)", .points([LonLat(1, 2)])),
                ("MULTIPOINT ((1 2), (3 4))", .points([LonLat(1, 2), LonLat(3, 4)])),
                ("LINESTRING (0 0, 1 1, 2 0)", .lines([[LonLat(0, 0), LonLat(1, 1), LonLat(2, 0)]])),
                ("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", .lines([[LonLat(0, 0), LonLat(1, 1)], [LonLat(2, 2), LonLat(3, 3)]])),
                ("POLYGON ((0 0, 1 0, 1 1, 0 0))",
                 .areas(MultiPolygon(Polygon(exterior: Ring([LonLat(0, 0), LonLat(1, 0), LonLat(1, 1), LonLat(0, 0)]))))),
                ("GEOMETRYCOLLECTION (POINT (1 2), POINT (3 4))", .points([LonLat(1, 2), LonLat(3, 4)])),
            ]
            for (text, expected) in cases {
                let read = try geos.readWKT(text)
                #expect(geos.simpleGeometry(of: read) == expected, "\(text)")
                // And back through GEOS unchanged.
                #expect(geos.simpleGeometry(of: try geos.geometry(expected)) == expected, "\(text)")
            }
            let json = try geos.readGeoJSON("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}")
            #expect(geos.simpleGeometry(of: json) == .lines([[LonLat(0, 0), LonLat(1, 1)]]))
            let mixed = try geos.readWKT("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))")
            #expect(geos.simpleGeometry(of: mixed) == nil && geos.typeName(of: mixed) == "GeometryCollection")
            #expect(throws: GEOSError.self) { _ = try geos.readWKT("POLYGON ((0 0, 1") }
            #expect(throws: GEOSError.self) { _ = try geos.readGeoJSON("{\"type\":") }
        }
    }

    @Test func sharedBoundaryOfTwoSquaresIsTheirCommonEdge() throws {
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            let a = try geos.geometry(MultiPolygon(Polygon(exterior: GEOSTests.square(0, 0, 2, 2))))
            // b has an extra vertex on the common edge: overlay still finds the whole edge.
            let b = try geos.geometry(MultiPolygon(Polygon(exterior: Ring([LonLat(2, 0), LonLat(3, 0), LonLat(3, 2), LonLat(2, 2),
                                                                              LonLat(2, 1), LonLat(2, 0)]))))
            let common = geos.lines(of: try geos.intersection(try geos.boundary(a), try geos.boundary(b)))
            var length = 0.0
            for line in common {
                for (p, q) in zip(line, line.dropFirst()) { length += abs(q.lat - p.lat) + abs(q.lon - p.lon) }
            }
            #expect(abs(length - 2) < 1e-12 && common.allSatisfy { $0.allSatisfy { $0.lon == 2 } })
            // Touching at a corner only: no line.
            let c = try geos.geometry(MultiPolygon(Polygon(exterior: GEOSTests.square(2, 2, 3, 3))))
            #expect(geos.lines(of: try geos.intersection(try geos.boundary(a), try geos.boundary(c))).isEmpty)
            #expect(try geos.intersects(a, c))
        }
    }

    /// The local plane measures like the ellipsoid within 0.1% over a district.
    @Test(arguments: [0.0, 24.3, 45.0, 60.0])
    func localFrameMetresMatchGeodesics(_ latitude: Double) {
        let centre = LonLat(108.4, latitude)
        let frame = LocalFrame(centre: centre)
        for azimuth in stride(from: 0.0, to: 360, by: 30) {
            for metres in [100.0, 2_000, 8_000] {
                let p = Geodesic.wgs84.destination(from: centre, azimuth: azimuth, metres: metres)
                let q = frame.metres(p)
                let planar = (q.lon * q.lon + q.lat * q.lat).squareRoot()
                #expect(abs(planar - metres) / metres < 1e-3, "\(latitude)° \(azimuth)° \(metres) m: \(planar)")
                let back = frame.degrees(q)
                #expect(abs(back.lon - p.lon) < 1e-12 && abs(back.lat - p.lat) < 1e-12)
            }
        }
    }

    @Test func lengthsAndPerimeters() {
        let line = [LonLat(108.4, 24.3), LonLat(108.41, 24.3), LonLat(108.41, 24.31)]
        let length = Geodesic.wgs84.length(line)
        #expect(length == Geodesic.wgs84.distance(line[0], line[1]) + Geodesic.wgs84.distance(line[1], line[2]))
        #expect(length > 2_000 && length < 2_200)
        let square = MultiPolygon(Polygon(exterior: GEOSTests.square(108.4, 24.3, 108.41, 24.31)))
        #expect(abs(Geodesic.wgs84.perimeter(square) - 2 * length) < 1)
        #expect(Geodesic.wgs84.length([line[0]]) == 0)
    }

    @Test func crsKinds() throws {
        for crs in [CRS.wgs84, .cgcs2000, .gcj02, .bd09, .epsg(4326), .epsg(4490), .epsg(4214)] {
            #expect(try ProjCRSKind(crs) == .geographic, "\(crs)")
        }
        for crs in [CRS.epsg(4547), .epsg(3857), .epsg(32649)] {
            #expect(try ProjCRSKind(crs) == .projected, "\(crs)")
        }
        #expect(throws: ProjTransformer.UnknownCRS.self) { _ = try ProjCRSKind(.epsg(999_999)) }
        // Where a position is meant, only geographic and projected CRSs: not EPSG:4978 (earth-centred),
        // not a vertical CRS (EPSG:5773), not an ellipsoid (EPSG:7030). Asked twice: the answer is kept.
        for code in [4978, 5773, 7030, 4978] {
            let refusal = #expect(throws: ProjTransformer.UnknownCRS.self, "EPSG:\(code)") { _ = try ProjCRSKind(.epsg(code)) }
            #expect(refusal?.name == "EPSG:\(code)")
            #expect(throws: ProjTransformer.UnknownCRS.self, "EPSG:\(code)") { _ = try CoordinateConverter(from: .epsg(code)) }
        }
    }
}
