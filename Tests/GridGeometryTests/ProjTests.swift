import Testing
@testable import GridGeometry

/// Real PROJ (no mocks): ProjTransformer and the CoordinateConverter built on it.
@Suite("PROJ and CoordinateConverter")
struct ProjTests {
    /// (113°E, 23°N) in CGCS2000 3-degree Gauss-Krüger zone 38, central meridian 114°E (EPSG:4547).
    static let lonLat = LonLat(113, 23)
    static let eastNorth = LonLat(397473.8232, 2544887.1937)

    // MARK: ProjTransformer

    @Test func forwardToEPSG4547GivesEastingNorthing() throws {
        let t = try ProjTransformer(from: "EPSG:4326", to: "EPSG:4547")
        let out = try t.forward(Self.lonLat)
        #expect(abs(out.lon - Self.eastNorth.lon) <= 1e-3, "easting \(out.lon)")
        #expect(abs(out.lat - Self.eastNorth.lat) <= 1e-3, "northing \(out.lat)")
    }

    @Test func inverseFromEPSG4547GivesLonLat() throws {
        let t = try ProjTransformer(from: "EPSG:4326", to: "EPSG:4547")
        let back = try t.inverse(Self.eastNorth)
        expectClose(back, Self.lonLat, within: 1e-7)
        let roundTrip = try t.inverse(try t.forward(LonLat(114.123456789, 22.54321)))
        expectClose(roundTrip, LonLat(114.123456789, 22.54321), within: 1e-9)
    }

    /// EPSG:4326 is declared lat, lon; the transformer is normalised to lon, lat on both sides.
    @Test func axisOrderIsLonLat() throws {
        let t = try ProjTransformer(from: "EPSG:4326", to: "EPSG:3857")
        let out = try t.forward(LonLat(180, 0))
        #expect(abs(out.lon - 20037508.342789244) < 1e-6, "x \(out.lon)")
        #expect(abs(out.lat) < 1e-6, "y \(out.lat)")
        let north = try t.forward(LonLat(0, 60))
        #expect(abs(north.lon) < 1e-6)
        #expect(north.lat > 8_000_000)
    }

    @Test func unknownCodeThrowsUnknownCRS() {
        let error = #expect(throws: ProjTransformer.UnknownCRS.self) {
            _ = try ProjTransformer(from: "EPSG:999999", to: "EPSG:4326")
        }
        #expect(error?.name == "EPSG:999999")
        #expect(error?.description.contains("EPSG:999999") == true)
        let targetError = #expect(throws: ProjTransformer.UnknownCRS.self) {
            _ = try ProjTransformer(from: "EPSG:4326", to: "not a crs at all")
        }
        #expect(targetError?.name == "not a crs at all")
    }

    /// A position outside the source CRS's domain is an error, not a number.
    @Test func invalidPositionThrows() throws {
        let t = try ProjTransformer(from: "EPSG:4326", to: "EPSG:3857")
        #expect(throws: ProjTransformer.Failure.self) { _ = try t.forward(LonLat(0, 91)) }
        // The transformer stays usable after a failure.
        #expect(abs(try t.forward(LonLat(0, 0)).lon) < 1e-6)
    }

    // MARK: CoordinateConverter

    @Test func projectedConverterGivesWGS84() throws {
        let c = try CoordinateConverter(from: .epsg(4547))
        let p = try c.toWGS84(Self.eastNorth)
        expectClose(p, Self.lonLat, within: 1e-7)
        let en = try c.fromWGS84(Self.lonLat)
        #expect(abs(en.lon - Self.eastNorth.lon) <= 1e-3 && abs(en.lat - Self.eastNorth.lat) <= 1e-3, "\(en)")
    }

    @Test func unknownEPSGCodeFailsAtInit() {
        let error = #expect(throws: ProjTransformer.UnknownCRS.self) {
            _ = try CoordinateConverter(from: .epsg(999999))
        }
        #expect(error?.name == "EPSG:999999")
    }

    @Test func outOfRangeWGS84Throws() throws {
        let c = try CoordinateConverter(from: .wgs84)
        #expect(throws: CoordinateConverter.ConversionError.outOfRange(LonLat(200, 10))) {
            _ = try c.toWGS84(LonLat(200, 10))
        }
        #expect(throws: CoordinateConverter.ConversionError.self) { _ = try c.toWGS84(LonLat(10, 91)) }
        #expect(throws: CoordinateConverter.ConversionError.self) { _ = try c.toWGS84(LonLat(.nan, 10)) }
        #expect(try c.toWGS84(LonLat(180, -90)) == LonLat(180, -90))
    }

    /// PROJ failures surface as `ConversionError`, in both directions.
    @Test func projFailuresAreConversionErrors() throws {
        let mercator = try CoordinateConverter(from: .epsg(3857))
        #expect(throws: CoordinateConverter.ConversionError.self) { _ = try mercator.toWGS84(LonLat(1e29, 0)) }
        #expect(throws: CoordinateConverter.ConversionError.self) { _ = try mercator.fromWGS84(LonLat(0, 91)) }
        let zone = try CoordinateConverter(from: .epsg(4547))
        let error = #expect(throws: CoordinateConverter.ConversionError.self) { _ = try zone.toWGS84(LonLat(1e12, 1e12)) }
        guard case .projFailed? = error else {
            Issue.record("expected .projFailed, got \(String(describing: error))")
            return
        }
    }

    @Test(arguments: [CRS.wgs84, .cgcs2000, .epsg(4326), .epsg(4490)])
    func internalDatumIsIdentity(crs: CRS) throws {
        let c = try CoordinateConverter(from: crs)
        let p = LonLat(113.123456789012, 23.987654321098)
        #expect(try c.toWGS84(p) == p)
        #expect(try c.fromWGS84(p) == p)
    }

    @Test func gcj02ConverterRoundTrips() throws {
        let c = try CoordinateConverter(from: .gcj02)
        let reported = LonLat(116.41024449916938, 39.91640428150164)   // coordtransform's GCJ-02 of Tiananmen
        let wgs = try c.toWGS84(reported)
        expectClose(wgs, LonLat(116.404, 39.915), within: 1e-9)
        let back = try c.fromWGS84(wgs)
        #expect(Geodesic.wgs84.distance(back, reported) < 0.01, "\(back)")
        expectClose(try c.fromWGS84(LonLat(116.404, 39.915)), reported, within: 1e-9)
    }

    @Test func bd09ConverterRoundTrips() throws {
        let c = try CoordinateConverter(from: .bd09)
        let reported = LonLat(116.41662724378733, 39.922699552216216)   // coordtransform's BD-09 of Tiananmen
        let wgs = try c.toWGS84(reported)
        expectClose(wgs, LonLat(116.404, 39.915), within: 1e-9)
        let back = try c.fromWGS84(wgs)
        #expect(Geodesic.wgs84.distance(back, reported) < 0.01, "\(back)")
    }

    /// The converter owns its PROJ objects: many can be made and dropped, and each one works.
    @Test func manyConvertersInSequence() throws {
        for _ in 0..<50 {
            let c = try CoordinateConverter(from: .epsg(4547))
            expectClose(try c.toWGS84(Self.eastNorth), Self.lonLat, within: 1e-7)
        }
    }
}
