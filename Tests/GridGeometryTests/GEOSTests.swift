import Testing
@testable import GridGeometry

/// Real GEOS through GEOSContext. Geometries must not outlive their context, so every test keeps
/// its context alive explicitly (`withExtendedLifetime`) until its geometries are gone.
@Suite("GEOSContext")
struct GEOSTests {
    static func square(_ minLon: Double, _ minLat: Double, _ maxLon: Double, _ maxLat: Double) -> Ring {
        Ring([LonLat(minLon, minLat), LonLat(maxLon, minLat), LonLat(maxLon, maxLat),
              LonLat(minLon, maxLat), LonLat(minLon, minLat)])
    }

    static func shape(_ ring: Ring, holes: [Ring] = []) -> MultiPolygon {
        MultiPolygon(Polygon(exterior: ring, holes: holes))
    }

    @Test func squareIsValid() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let g = try context.geometry(Self.shape(Self.square(0, 0, 1, 1)))
            #expect(context.validity(of: g) == .valid)
            let withHole = try context.geometry(Self.shape(Self.square(0, 0, 4, 4), holes: [Self.square(1, 1, 2, 2)]))
            #expect(context.validity(of: withHole) == .valid)
        }
    }

    @Test func bowTieIsInvalidAtItsCrossing() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let bowTie = Ring([LonLat(0, 0), LonLat(1, 1), LonLat(1, 0), LonLat(0, 1), LonLat(0, 0)])
            let g = try context.geometry(Self.shape(bowTie))
            guard case .invalid(let reason, let location) = context.validity(of: g) else {
                Issue.record("bow-tie reported valid")
                return
            }
            #expect(reason.contains("Self-intersection"), "\(reason)")
            let at = try #require(location)
            #expect(abs(at.lon - 0.5) < 1e-9 && abs(at.lat - 0.5) < 1e-9, "\(at)")
        }
    }

    @Test func holeOutsideShellIsInvalid() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let g = try context.geometry(Self.shape(Self.square(0, 0, 1, 1), holes: [Self.square(5, 5, 6, 6)]))
            guard case .invalid(let reason, _) = context.validity(of: g) else {
                Issue.record("hole outside shell reported valid")
                return
            }
            #expect(reason.localizedLowercase.contains("hole"), "\(reason)")
        }
    }

    /// An unclosed ring cannot become a GEOS LinearRing: a GEOSError carrying GEOS's message.
    @Test func unclosedRingThrows() throws {
        let context = GEOSContext()
        withExtendedLifetime(context) {
            let open = Ring([LonLat(0, 0), LonLat(1, 0), LonLat(1, 1), LonLat(0, 1)])
            let error = #expect(throws: GEOSError.self) { _ = try context.geometry(Self.shape(open)) }
            #expect(error?.message.isEmpty == false)
            // Also when only a hole is broken, and the context is still usable afterwards.
            #expect(throws: GEOSError.self) {
                _ = try context.geometry(Self.shape(Self.square(0, 0, 4, 4), holes: [open]))
            }
            #expect((try? context.geometry(Self.shape(Self.square(0, 0, 1, 1)))) != nil)
        }
    }

    @Test func interiorsIntersect() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let a = try context.geometry(Self.shape(Self.square(0, 0, 1, 1)))
            let sharingEdge = try context.geometry(Self.shape(Self.square(1, 0, 2, 1)))
            let sharingCorner = try context.geometry(Self.shape(Self.square(1, 1, 2, 2)))
            let overlapping = try context.geometry(Self.shape(Self.square(0.5, 0.5, 1.5, 1.5)))
            let inside = try context.geometry(Self.shape(Self.square(0.25, 0.25, 0.75, 0.75)))
            #expect(try !context.interiorsIntersect(a, sharingEdge))
            #expect(try !context.interiorsIntersect(sharingEdge, a))
            #expect(try !context.interiorsIntersect(a, sharingCorner))
            #expect(try context.interiorsIntersect(a, overlapping))
            #expect(try context.interiorsIntersect(overlapping, a))
            #expect(try context.interiorsIntersect(a, inside))
        }
    }

    @Test func intersectionAndDifferenceAreas() throws {
        let geod = Geodesic.wgs84
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let a = try context.geometry(Self.shape(Self.square(110, 30, 112, 32)))
            let b = try context.geometry(Self.shape(Self.square(111, 31, 113, 33)))
            let overlap = context.polygons(of: try context.intersection(a, b))
            let expected = geod.area(Self.square(111, 31, 112, 32))
            #expect(overlap.polygons.count == 1)
            #expect(abs(geod.area(overlap) - expected) <= expected * 1e-9, "\(geod.area(overlap)) vs \(expected)")
            #expect(overlap.bounds == BoundingBox(minLon: 111, minLat: 31, maxLon: 112, maxLat: 32))

            // Geodesic edges: compare with A traced through the same vertices the difference gets,
            // so that the L-shaped rest and the overlap share their edges exactly.
            let rest = context.polygons(of: try context.difference(a, b))
            let aWithCuts = Ring([LonLat(110, 30), LonLat(112, 30), LonLat(112, 31), LonLat(112, 32),
                                  LonLat(111, 32), LonLat(110, 32), LonLat(110, 30)])
            let areaA = geod.area(aWithCuts)
            #expect(rest.polygons.count == 1 && rest.polygons[0].exterior.points.count == 7)
            #expect(abs(geod.area(rest) - (areaA - expected)) <= areaA * 1e-9, "\(geod.area(rest)) vs \(areaA - expected)")
        }
    }

    @Test func disjointIntersectionIsEmpty() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let a = try context.geometry(Self.shape(Self.square(0, 0, 1, 1)))
            let b = try context.geometry(Self.shape(Self.square(5, 5, 6, 6)))
            let i = try context.intersection(a, b)
            #expect(context.isEmpty(i))
            #expect(context.polygons(of: i).polygons.isEmpty)
            #expect(!context.isEmpty(a))
            // Edge-sharing squares intersect in a line: no polygonal part.
            let c = try context.geometry(Self.shape(Self.square(1, 0, 2, 1)))
            #expect(context.polygons(of: try context.intersection(a, c)).polygons.isEmpty)
        }
    }

    @Test func preparedCovers() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let parent = try context.prepare(try context.geometry(Self.shape(Self.square(0, 0, 10, 10))))
            let inside = try context.geometry(Self.shape(Self.square(2, 2, 4, 4)))
            let spilling = try context.geometry(Self.shape(Self.square(8, 8, 12, 12)))
            let onBoundary = try context.geometry(Self.shape(Self.square(0, 0, 5, 5)))
            let away = try context.geometry(Self.shape(Self.square(20, 20, 21, 21)))
            // Twice each, as the prepared index is built lazily on a later call.
            for _ in 0..<2 {
                #expect(try context.covers(parent, inside))
                #expect(try !context.covers(parent, spilling))
                #expect(try context.covers(parent, onBoundary), "covers includes the boundary")
                #expect(try !context.covers(parent, away))
            }
        }
    }

    /// A "C" shape whose centroid lies in the notch: the point on the surface must not.
    @Test func pointOnSurfaceLiesInside() throws {
        let c = Ring([LonLat(0, 0), LonLat(3, 0), LonLat(3, 1), LonLat(1, 1), LonLat(1, 2),
                      LonLat(3, 2), LonLat(3, 3), LonLat(0, 3), LonLat(0, 0)])
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let g = try context.geometry(Self.shape(c))
            let p = try #require(context.pointOnSurface(g))
            let prepared = try context.prepare(g)
            #expect(try context.covers(prepared, try context.point(p)), "\(p)")
            #expect(crossingNumberInside(p, c), "\(p)")
            #expect(!(p.lon > 1 && p.lon < 3 && p.lat > 1 && p.lat < 2), "\(p) is in the notch")

            let withHole = try context.geometry(Self.shape(Self.square(0, 0, 4, 4), holes: [Self.square(0.5, 0.5, 3.5, 3.5)]))
            let q = try #require(context.pointOnSurface(withHole))
            #expect(!(q.lon > 0.5 && q.lon < 3.5 && q.lat > 0.5 && q.lat < 3.5), "\(q) is in the hole")
        }
    }

    @Test func multiPolygonWithHoleRoundTrips() throws {
        let shape = MultiPolygon([
            Polygon(exterior: Self.square(108.125, 22.5, 109.75, 23.875),
                    holes: [Self.square(108.5, 22.75, 108.9, 23.1).reversed(), Self.square(109, 23.2, 109.5, 23.6).reversed()]),
            Polygon(exterior: Self.square(-1e-7, -33.868, 0.1, -33.5)),
        ])
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let g = try context.geometry(shape)
            #expect(context.validity(of: g) == .valid)
            #expect(context.polygons(of: g) == shape)
            let single = MultiPolygon(shape.polygons[0])
            #expect(context.polygons(of: try context.geometry(single)) == single)
            #expect(context.polygons(of: try context.geometry(shape.polygons[1])) == MultiPolygon(shape.polygons[1]))
        }
    }

    /// Many contexts made and dropped one after another, each with its own geometries.
    @Test func contextsAreIndependent() throws {
        for i in 0..<20 {
            let context = GEOSContext()
            try withExtendedLifetime(context) {
                let d = Double(i)
                let g = try context.geometry(Self.shape(Self.square(d, 0, d + 1, 1)))
                #expect(context.validity(of: g) == .valid)
            }
        }
    }
}

/// Crossing-number point-in-ring test, independent of GEOS.
func crossingNumberInside(_ p: LonLat, _ ring: Ring) -> Bool {
    var inside = false
    let pts = ring.points
    for i in 0..<(pts.count - 1) {
        let a = pts[i], b = pts[i + 1]
        if (a.lat > p.lat) != (b.lat > p.lat) {
            let x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
            if p.lon < x { inside.toggle() }
        }
    }
    return inside
}
