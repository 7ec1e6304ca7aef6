import Testing
@testable import GridGeometry

@Suite("Geodesic (WGS84 ellipsoid)")
struct GeodesicTests {
    let geod = Geodesic.wgs84

    static func square(_ minLon: Double, _ minLat: Double, _ maxLon: Double, _ maxLat: Double) -> Ring {
        Ring([LonLat(minLon, minLat), LonLat(maxLon, minLat), LonLat(maxLon, maxLat),
              LonLat(minLon, maxLat), LonLat(minLon, minLat)])
    }

    @Test func oneDegreeAlongTheEquator() {
        // a·π/180 on the equator: 6378137 · 0.017453292519943295 = 111319.4907932736 m.
        let d = geod.distance(LonLat(0, 0), LonLat(1, 0))
        #expect(abs(d - 111319.49) <= 0.01, "\(d)")
        #expect(abs(geod.distance(LonLat(1, 0), LonLat(0, 0)) - d) < 1e-9, "distance is symmetric")
    }

    @Test func meridianQuadrant() {
        // Equator to pole along a meridian on WGS84: 10001965.729 m.
        let d = geod.distance(LonLat(0, 0), LonLat(0, 90))
        #expect(abs(d - 10001965.729) < 0.01, "\(d)")
        #expect(geod.distance(LonLat(116.4, 39.9), LonLat(116.4, 39.9)) == 0)
    }

    @Test func destinationInvertsDistance() {
        let east = geod.destination(from: LonLat(0, 0), azimuth: 90, metres: 111319.4907932736)
        expectClose(east, LonLat(1, 0), within: 1e-9)
        let start = LonLat(116.404, 39.915)
        for azimuth in stride(from: 0.0, to: 360.0, by: 30.0) {
            let q = geod.destination(from: start, azimuth: azimuth, metres: 2_500)
            #expect(abs(geod.distance(start, q) - 2_500) < 1e-6, "azimuth \(azimuth)")
        }
        let north = geod.destination(from: start, azimuth: 0, metres: 1_000)
        #expect(north.lat > start.lat && abs(north.lon - start.lon) < 1e-12)
    }

    @Test func oneDegreeSquareAtTheEquator() {
        // Geodesic area of the 1°×1° cell (0,0)-(1,1) on WGS84, ≈ 12,309 km².
        let area = geod.area(Self.square(0, 0, 1, 1))
        let expected = 12_308_778_361.0
        #expect(abs(area - expected) / expected < 0.001, "\(area)")
        // Sanity by hand: spherical-ish estimate 111.32 km × 110.57 km ≈ 12,309 km².
        #expect(abs(area / 1e6 - 12_309) < 15)
    }

    @Test func areaIsIndependentOfOrientationAndClosure() {
        let ring = Ring([LonLat(108.1, 22.3), LonLat(108.9, 22.35), LonLat(109.2, 23.1),
                         LonLat(108.6, 23.4), LonLat(108.05, 22.9), LonLat(108.1, 22.3)])
        #expect(ring.signedDoubleArea > 0, "fixture is counter-clockwise")
        let ccw = geod.area(ring)
        let cw = geod.area(ring.reversed())
        let open = geod.area(Ring(Array(ring.points.dropLast())))
        #expect(ccw > 1e9)
        #expect(abs(ccw - cw) <= ccw * 1e-12, "ccw \(ccw) cw \(cw)")
        #expect(abs(ccw - open) <= ccw * 1e-12, "closed \(ccw) open \(open)")
    }

    @Test func degenerateRingsHaveNoArea() {
        #expect(geod.area(Ring([])) == 0)
        #expect(geod.area(Ring([LonLat(1, 1), LonLat(2, 2), LonLat(1, 1)])) == 0)
    }

    @Test func holeIsSubtracted() {
        let outer = Self.square(110, 30, 112, 32)
        let hole = Self.square(110.5, 30.5, 111.5, 31.5)
        let expected = geod.area(outer) - geod.area(hole)
        #expect(geod.area(hole) > 0)
        let withHole = MultiPolygon(Polygon(exterior: outer, holes: [hole]))
        #expect(abs(geod.area(withHole) - expected) <= expected * 1e-12, "\(geod.area(withHole)) vs \(expected)")
        // A hole given clockwise (as RFC 7946 wants) is subtracted just the same.
        let reversedHole = MultiPolygon(Polygon(exterior: outer, holes: [hole.reversed()]))
        #expect(abs(geod.area(reversedHole) - expected) <= expected * 1e-12)
    }

    @Test func partsAreAdded() {
        let a = Self.square(110, 30, 111, 31)
        let b = Self.square(120, 30, 121, 31)
        let shape = MultiPolygon([Polygon(exterior: a), Polygon(exterior: b)])
        let expected = geod.area(a) + geod.area(b)
        #expect(abs(geod.area(shape) - expected) <= expected * 1e-12)
        #expect(geod.area(MultiPolygon([])) == 0)
    }

    @Test(arguments: [LonLat(116.404, 39.915), LonLat(0, 0), LonLat(-70, -60)])
    func circleOfOneKilometre(center: LonLat) {
        let circle = geod.circle(center: center, radius: 1000)
        let area = geod.area(MultiPolygon(circle))
        let expected = Double.pi * 1000 * 1000
        #expect(abs(area - expected) / expected < 0.005, "\(area)")
        #expect(circle.exterior.points.count == 65)
        #expect(circle.exterior.points.first == circle.exterior.points.last, "ring is closed")
        for p in circle.exterior.points {
            #expect(abs(geod.distance(center, p) - 1000) < 1e-6)
        }
    }

    @Test func circleWithMoreSegmentsIsCloserToTheDisc() {
        let center = LonLat(109.4, 24.3)
        let coarse = geod.area(MultiPolygon(geod.circle(center: center, radius: 500, segments: 8)))
        let fine = geod.area(MultiPolygon(geod.circle(center: center, radius: 500, segments: 256)))
        let disc = Double.pi * 500 * 500
        #expect(coarse < fine && fine < disc)
        #expect((disc - fine) / disc < 1e-3)
    }
}

/// The chord form of short geodesic lengths against Karney's algorithm, on lines of every
/// length up to and past the limit, every latitude and bearing, and across the antimeridian.
@Suite struct GeodesicChordTests {
    @Test(arguments: [10.0, 1_000, 20_000, 99_000])
    func agreesWithKarneyToAMicrometre(_ longest: Double) {
        var state: UInt64 = 0x5EED
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var worst = 0.0
        for _ in 0..<20_000 {
            let p = LonLat(-180 + 360 * unit(), -85 + 170 * unit())
            let q = Geodesic.wgs84.destination(from: p, azimuth: 360 * unit(), metres: longest * unit())
            worst = max(worst, abs(Geodesic.wgs84.distance(p, q) - Geodesic.wgs84.karneyDistance(p, q)))
        }
        #expect(worst < 1e-6, "worst difference \(worst) m on lines up to \(longest) m")
    }

    @Test func edgeCases() {
        let p = LonLat(179.9999, 10)
        let q = LonLat(-179.9999, 10)  // 22 m across the antimeridian
        #expect(abs(Geodesic.wgs84.distance(p, q) - Geodesic.wgs84.karneyDistance(p, q)) < 1e-6)
        #expect(Geodesic.wgs84.distance(p, p) == 0)
        let pole = LonLat(0, 90)
        let nearPole = LonLat(120, 89.99)
        #expect(abs(Geodesic.wgs84.distance(pole, nearPole) - Geodesic.wgs84.karneyDistance(pole, nearPole)) < 1e-6)
        // Beyond the limit Karney's algorithm answers itself.
        let far = LonLat(113, 23), away = LonLat(116.4, 39.9)
        #expect(Geodesic.wgs84.distance(far, away) == Geodesic.wgs84.karneyDistance(far, away))
        #expect(Geodesic.wgs84.distance(LonLat(.nan, 0), far).isNaN)
    }
}
