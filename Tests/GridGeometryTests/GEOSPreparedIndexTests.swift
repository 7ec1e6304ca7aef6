import Testing
@testable import GridGeometry

/// SplitMix64: a small deterministic generator, so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A 7×7 lattice of irregular cells near Liuzhou: corners and edge midpoints are jittered once and
/// shared by both neighbours (identical `LonLat` values), so the cells tile without gaps or overlaps.
struct JitteredLattice {
    static let n = 7
    static let origin = LonLat(109.0, 24.0)
    static let cell = 0.1
    /// The cell that carries a hole: its centre box [0.45, 0.55]² (in cell units).
    static let holed = (i: 3, j: 3)

    var shapes: [MultiPolygon] = []
    /// The outer boundary of the whole lattice, through the same shared vertices.
    var outline = Ring([])

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = Self.n
        func jitter(_ r: Double) -> Double { Double.random(in: -r...r, using: &rng) }
        // Corners (n+1)², jittered up to ±0.25 cell; midpoints along edges jittered ±0.1 across the edge.
        var corner = [[LonLat]]()
        for i in 0...n {
            corner.append((0...n).map { j in Self.at(Double(i) + jitter(0.25), Double(j) + jitter(0.25)) })
        }
        var horizontalMid = [[LonLat]]()   // edge corner[i][j] → corner[i+1][j]
        for i in 0..<n {
            horizontalMid.append((0...n).map { j in Self.at(Double(i) + 0.5 + jitter(0.1), Double(j) + jitter(0.1)) })
        }
        var verticalMid = [[LonLat]]()     // edge corner[i][j] → corner[i][j+1]
        for i in 0...n {
            verticalMid.append((0..<n).map { j in Self.at(Double(i) + jitter(0.1), Double(j) + 0.5 + jitter(0.1)) })
        }
        var boundary: [LonLat] = []
        for i in 0..<n { boundary += [corner[i][0], horizontalMid[i][0]] }
        for j in 0..<n { boundary += [corner[n][j], verticalMid[n][j]] }
        for i in stride(from: n, to: 0, by: -1) { boundary += [corner[i][n], horizontalMid[i - 1][n]] }
        for j in stride(from: n, to: 0, by: -1) { boundary += [corner[0][j], verticalMid[0][j - 1]] }
        outline = Ring(boundary + [corner[0][0]])
        for j in 0..<n {
            for i in 0..<n {
                let ring = Ring([
                    corner[i][j], horizontalMid[i][j], corner[i + 1][j], verticalMid[i + 1][j],
                    corner[i + 1][j + 1], horizontalMid[i][j + 1], corner[i][j + 1], verticalMid[i][j], corner[i][j],
                ])
                var holes: [Ring] = []
                if (i, j) == Self.holed {
                    let a = Self.at(Double(i) + 0.45, Double(j) + 0.45), b = Self.at(Double(i) + 0.55, Double(j) + 0.55)
                    holes = [Ring([a, LonLat(a.lon, b.lat), b, LonLat(b.lon, a.lat), a])]
                }
                shapes.append(MultiPolygon(Polygon(exterior: ring, holes: holes)))
            }
        }
    }

    /// Lattice units to lon/lat.
    static func at(_ u: Double, _ v: Double) -> LonLat {
        LonLat(origin.lon + u * cell, origin.lat + v * cell)
    }

    static func index(_ i: Int, _ j: Int) -> Int { j * n + i }

    static func isInHole(_ p: LonLat) -> Bool {
        let u = (p.lon - origin.lon) / cell - Double(holed.i), v = (p.lat - origin.lat) / cell - Double(holed.j)
        return u >= 0.44 && u <= 0.56 && v >= 0.44 && v <= 0.56
    }
}

@Suite("GEOSPreparedIndex")
struct GEOSPreparedIndexTests {
    @Test func latticeCellsAreValidAndTile() throws {
        let lattice = JitteredLattice(seed: 42)
        #expect(lattice.shapes.count == 49)
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let geometries = try lattice.shapes.map { try context.geometry($0) }
            for (k, g) in geometries.enumerated() { #expect(context.validity(of: g) == .valid, "cell \(k)") }
            #expect(context.validity(of: try context.geometry(Polygon(exterior: lattice.outline))) == .valid)
            // No two cells overlap...
            for a in 0..<geometries.count {
                for b in (a + 1)..<geometries.count {
                    #expect(try !context.interiorsIntersect(geometries[a], geometries[b]), "cells \(a) and \(b)")
                }
            }
            // ...and together they fill the outline: no gaps.
            let cells = lattice.shapes.reduce(0.0) { $0 + $1.polygons[0].exterior.signedDoubleArea }
            #expect(abs(cells - lattice.outline.signedDoubleArea) < 1e-12, "\(cells) vs \(lattice.outline.signedDoubleArea)")
        }
    }

    @Test(arguments: [1 as UInt64, 42, 2024])
    func locatesRandomInteriorPoints(seed: UInt64) throws {
        let lattice = JitteredLattice(seed: seed)
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let index = try GEOSPreparedIndex(context: context, shapes: lattice.shapes)
            var rng = SplitMix64(seed: seed ^ 0xDEAD_BEEF)
            var checked = 0
            while checked < 2_000 {
                let i = Int.random(in: 0..<JitteredLattice.n, using: &rng)
                let j = Int.random(in: 0..<JitteredLattice.n, using: &rng)
                // Inside [0.26, 0.74]² of a cell no edge can reach (corners move ≤ 0.25, midpoints ≤ 0.1).
                let p = JitteredLattice.at(Double(i) + Double.random(in: 0.26...0.74, using: &rng),
                                           Double(j) + Double.random(in: 0.26...0.74, using: &rng))
                if JitteredLattice.isInHole(p) { continue }
                let found = index.locate(p)
                #expect(found == JitteredLattice.index(i, j), "\(p) expected cell (\(i), \(j)), got \(String(describing: found))")
                checked += 1
            }
        }
    }

    /// Points anywhere in the lattice agree with a pure-Swift crossing-number test on the rings.
    @Test func agreesWithCrossingNumberEverywhere() throws {
        let lattice = JitteredLattice(seed: 7)
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let index = try GEOSPreparedIndex(context: context, shapes: lattice.shapes)
            var rng = SplitMix64(seed: 99)
            for _ in 0..<3_000 {
                let p = JitteredLattice.at(Double.random(in: -0.5...7.5, using: &rng), Double.random(in: -0.5...7.5, using: &rng))
                let expected = lattice.shapes.firstIndex { shape in
                    shape.polygons.contains { polygon in
                        crossingNumberInside(p, polygon.exterior) && !polygon.holes.contains { crossingNumberInside(p, $0) }
                    }
                }
                #expect(index.locate(p) == expected, "\(p)")
            }
        }
    }

    @Test func outsideHolesAndBoundariesAnswerNil() throws {
        let lattice = JitteredLattice(seed: 42)
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let index = try GEOSPreparedIndex(context: context, shapes: lattice.shapes)
            #expect(index.locate(LonLat(0, 0)) == nil)
            #expect(index.locate(LonLat(-120, 40)) == nil)
            #expect(index.locate(JitteredLattice.at(-0.5, 3.5)) == nil, "west of the lattice")
            #expect(index.locate(JitteredLattice.at(3.5, 7.5)) == nil, "north of the lattice")
            #expect(index.locate(JitteredLattice.at(3.5, 3.5)) == nil, "inside the hole of cell (3, 3)")
            #expect(index.locate(JitteredLattice.at(3.3, 3.3)) == JitteredLattice.index(3, 3), "around the hole")
            // A shared vertex is on the boundary of four cells: GEOS contains excludes it.
            let sharedCorner = lattice.shapes[JitteredLattice.index(2, 2)].polygons[0].exterior.points[4]
            #expect(lattice.shapes[JitteredLattice.index(3, 3)].polygons[0].exterior.points[0] == sharedCorner)
            #expect(index.locate(sharedCorner) == nil)
        }
    }

    @Test func emptyIndexFindsNothing() throws {
        let context = GEOSContext()
        try withExtendedLifetime(context) {
            let index = try GEOSPreparedIndex(context: context, shapes: [])
            #expect(index.locate(LonLat(109.3, 24.3)) == nil)
        }
    }

    /// The index may hold the only reference to its context: geometries keep their context alive,
    /// so whatever order Swift releases the index's properties in, GEOS is finished last.
    @Test func indexMayOwnTheOnlyReferenceToItsContext() async {
        // Control: the same work with the caller keeping the context alive exits cleanly.
        await #expect(processExitsWith: .success) {
            let shapes = JitteredLattice(seed: 3).shapes
            let context = GEOSContext()
            try withExtendedLifetime(context) {
                let index = try GEOSPreparedIndex(context: context, shapes: shapes)
                _ = index.locate(JitteredLattice.at(0.5, 0.5))
            }
        }
        do {
            await #expect(processExitsWith: .success) {
                let shapes = JitteredLattice(seed: 3).shapes
                let index = try GEOSPreparedIndex(context: GEOSContext(), shapes: shapes)
                _ = index.locate(JitteredLattice.at(0.5, 0.5))
            }
        }
    }
}
