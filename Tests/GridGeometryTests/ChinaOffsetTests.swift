import Testing
@testable import GridGeometry

/// GCJ-02 / BD-09 offsets against the control values of the widely used `coordtransform`
/// library (wandergis), plus round trips and the "no shift outside China" rule.
@Suite("ChinaOffset")
struct ChinaOffsetTests {
    /// Tiananmen, the input of coordtransform's README examples.
    static let tiananmen = LonLat(116.404, 39.915)

    // MARK: Published control values (coordtransform, wandergis)

    @Test func wgs84ToGCJ02MatchesCoordtransform() {
        let out = ChinaOffset.gcj02(fromWGS84: Self.tiananmen)
        expectClose(out, LonLat(116.41024449916938, 39.91640428150164), within: 1e-9)
    }

    @Test func gcj02ToBD09MatchesCoordtransform() {
        let out = ChinaOffset.bd09(fromGCJ02: Self.tiananmen)
        expectClose(out, LonLat(116.41036949371029, 39.92133699351021), within: 1e-9)
    }

    @Test func wgs84ToBD09MatchesCoordtransform() {
        let out = ChinaOffset.bd09(fromWGS84: Self.tiananmen)
        expectClose(out, LonLat(116.41662724378733, 39.922699552216216), within: 1e-9)
    }

    @Test func bd09ToGCJ02ClosedFormMatchesCoordtransform() {
        let out = ChinaOffset.approximateGCJ02(fromBD09: Self.tiananmen)
        expectClose(out, LonLat(116.39762729119315, 39.90865673957631), within: 1e-9)
    }

    /// The iterated inverses take the published forward outputs back to the input.
    @Test func inversesUndoThePublishedForwardValues() {
        expectClose(ChinaOffset.wgs84(fromGCJ02: LonLat(116.41024449916938, 39.91640428150164)),
                    Self.tiananmen, within: 1e-9)
        expectClose(ChinaOffset.gcj02(fromBD09: LonLat(116.41036949371029, 39.92133699351021)),
                    Self.tiananmen, within: 1e-9)
        expectClose(ChinaOffset.wgs84(fromBD09: LonLat(116.41662724378733, 39.922699552216216)),
                    Self.tiananmen, within: 1e-9)
    }

    /// The closed form is only approximate; the iterated inverse must do better than it.
    @Test func iteratedBD09InverseBeatsTheClosedForm() {
        let gcj = LonLat(116.404, 39.915)
        let bd = ChinaOffset.bd09(fromGCJ02: gcj)
        let approx = ChinaOffset.approximateGCJ02(fromBD09: bd)
        let iterated = ChinaOffset.gcj02(fromBD09: bd)
        let approxError = Geodesic.wgs84.distance(approx, gcj)
        let iteratedError = Geodesic.wgs84.distance(iterated, gcj)
        #expect(iteratedError < 1e-4)
        #expect(iteratedError <= approxError, "closed form \(approxError) m, iterated \(iteratedError) m")
    }

    // MARK: Round trips over China

    /// ~2,000 points on a lattice over lon 75..135, lat 18..53.
    static let lattice: [LonLat] = (0..<50).flatMap { i in
        (0..<40).map { j in LonLat(75.0 + 60.0 * Double(i) / 49.0, 18.0 + 35.0 * Double(j) / 39.0) }
    }

    /// WGS84 → offset system → WGS84 comes back within a centimetre everywhere in China.
    @Test(arguments: ["gcj02", "bd09"])
    func roundTripIsWithinOneCentimetre(system: String) {
        #expect(Self.lattice.count == 2_000)
        let gcj = system == "gcj02"
        let there = { (p: LonLat) in gcj ? ChinaOffset.gcj02(fromWGS84: p) : ChinaOffset.bd09(fromWGS84: p) }
        let back = { (p: LonLat) in gcj ? ChinaOffset.wgs84(fromGCJ02: p) : ChinaOffset.wgs84(fromBD09: p) }
        var worst = 0.0
        var worstPoint = Self.lattice[0]
        for p in Self.lattice {
            let error = Geodesic.wgs84.distance(back(there(p)), p)
            if error > worst { worst = error; worstPoint = p }
        }
        #expect(worst < 0.01, "\(system): worst round trip \(worst) m at \(worstPoint)")
    }

    /// The doc comment promises iteration to a residual below 1e-11 degrees: the forward map of
    /// the inverse must land back on the target far below a centimetre (1e-9° ≈ 0.1 mm).
    @Test func inverseResidualIsBelowANanodegree() {
        var worst = 0.0
        for q in Self.lattice {
            let image = ChinaOffset.gcj02(fromWGS84: ChinaOffset.wgs84(fromGCJ02: q))
            worst = max(worst, abs(image.lon - q.lon), abs(image.lat - q.lat))
            let bdImage = ChinaOffset.bd09(fromGCJ02: ChinaOffset.gcj02(fromBD09: q))
            worst = max(worst, abs(bdImage.lon - q.lon), abs(bdImage.lat - q.lat))
        }
        #expect(worst < 1e-9, "worst residual \(worst)°")
    }

    /// Near the east and north edges of the rectangle the forward map is not one-to-one: a point
    /// just inside is pushed outside, where the unshifted point lands too. Whichever preimage the
    /// inverse picks, mapping it forward must give the target back.
    @Test func inverseNearTheRectangleEdgesIsAPreimage() {
        let nearEdges = [LonLat(137.834, 40), LonLat(137.8346, 45), LonLat(120, 55.827), LonLat(80, 55.827),
                         LonLat(100, 0.83), LonLat(72.005, 40)]
        for p in nearEdges {
            let q = ChinaOffset.gcj02(fromWGS84: p)
            let image = ChinaOffset.gcj02(fromWGS84: ChinaOffset.wgs84(fromGCJ02: q))
            #expect(Geodesic.wgs84.distance(image, q) < 0.01, "\(p) → \(q) → \(image)")
        }
    }

    // MARK: Size of the offset

    @Test(arguments: [
        ("Beijing", LonLat(116.404, 39.915)),
        ("Liuzhou", LonLat(109.4, 24.3)),
        ("Shanghai", LonLat(121.47, 31.23)),
        ("Urumqi", LonLat(87.6, 43.8)),
        ("Harbin", LonLat(126.63, 45.75)),
    ])
    func gcj02OffsetIsHundredsOfMetres(city: String, p: LonLat) {
        let offset = Geodesic.wgs84.distance(p, ChinaOffset.gcj02(fromWGS84: p))
        #expect(offset > 50, "\(city): \(offset) m")
        #expect(offset < 1000, "\(city): \(offset) m")
    }

    // MARK: Outside the China rectangle (72.004–137.8347°E, 0.8293–55.8271°N)

    static let outside: [LonLat] = [
        LonLat(139.69, 35.69),   // Tokyo (east of 137.8347)
        LonLat(-0.12, 51.5),     // London
        LonLat(-74.0, 40.7),     // New York
        LonLat(37.62, 55.75),    // Moscow (west of 72.004)
        LonLat(106.85, -6.2),    // Jakarta (south of 0.8293)
        LonLat(151.2, -33.87),   // Sydney
        LonLat(120.0, 56.0),     // north of 55.8271, inside the longitude range
        LonLat(103.8, 0.5),      // south of 0.8293, inside the longitude range
        LonLat(71.9, 40.0),      // just west of 72.004
    ]

    @Test func outsidePointsAreOutsideTheRectangle() {
        for p in Self.outside { #expect(ChinaOffset.isOutsideChina(p), "\(p)") }
        #expect(!ChinaOffset.isOutsideChina(LonLat(103.8, 1.2)), "1.2N 103.8E is inside the rectangle")
        #expect(!ChinaOffset.isOutsideChina(Self.tiananmen))
    }

    @Test func gcj02LeavesPointsOutsideChinaUnchanged() {
        for p in Self.outside {
            #expect(ChinaOffset.gcj02(fromWGS84: p) == p, "\(p)")
            #expect(ChinaOffset.wgs84(fromGCJ02: p) == p, "\(p)")
        }
    }

    /// Outside the China rectangle neither offset applies: BD-09 functions return the point unchanged
    /// too (Baidu shifts only inside China).
    @Test func bd09LeavesPointsOutsideChinaUnchanged() {
        do {
            for p in Self.outside {
                #expect(ChinaOffset.bd09(fromWGS84: p) == p, "bd09(fromWGS84: \(p)) = \(ChinaOffset.bd09(fromWGS84: p))")
                #expect(ChinaOffset.bd09(fromGCJ02: p) == p, "bd09(fromGCJ02: \(p))")
                #expect(ChinaOffset.gcj02(fromBD09: p) == p, "gcj02(fromBD09: \(p))")
                #expect(ChinaOffset.wgs84(fromBD09: p) == p, "wgs84(fromBD09: \(p))")
            }
        }
    }

    /// Whatever the rule outside China, BD-09 must at least round-trip there.
    @Test func bd09RoundTripsOutsideChina() {
        for p in Self.outside {
            let back = ChinaOffset.wgs84(fromBD09: ChinaOffset.bd09(fromWGS84: p))
            #expect(Geodesic.wgs84.distance(back, p) < 0.01, "\(p) → \(back)")
        }
    }
}

func expectClose(_ actual: LonLat, _ expected: LonLat, within tolerance: Double,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(actual.lon - expected.lon) <= tolerance,
            "lon \(actual.lon) vs \(expected.lon)", sourceLocation: sourceLocation)
    #expect(abs(actual.lat - expected.lat) <= tolerance,
            "lat \(actual.lat) vs \(expected.lat)", sourceLocation: sourceLocation)
}
