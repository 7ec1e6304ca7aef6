import Foundation
import GridDomain
import GridGeometry

/// A planner's redraw of a synthetic district, for benchmarks and tests of generation diffs:
/// in some communities two neighbouring grids merge (one code disappears), in others the edge
/// two neighbouring grids share moves sideways by a few tens of metres.
///
/// Works on the shared vertices directly (the synthetic lattice draws every shared edge once,
/// vertex for vertex on both sides), so the redrawn grids still tile each community exactly;
/// GEOS checks each reshaped grid and an edit that would make one invalid is skipped. Grids
/// holding micro-areas are left alone.
public struct SyntheticRedraw: Sendable {
    /// Every `mergeEvery`-th community (by code) merges one pair of neighbouring grids.
    public var mergeEvery = 10
    /// Every `moveEvery`-th of the other communities moves one shared edge (1: all of them).
    public var moveEvery = 1
    /// How far the moved edge's inner vertices shift, in metres, into the second grid.
    public var shiftMetres = 25.0

    public init() {}

    /// What the redraw did: (kept, removed) per merge and (grew, shrank) per moved edge.
    public struct Outcome: Sendable {
        public var units: [AreaUnit]
        public var merges: [(kept: String, removed: String)]
        public var moves: [(grew: String, shrank: String)]
    }

    public func apply(to units: [AreaUnit]) -> Outcome {
        var byCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // Grids with micro-areas stay as they are: their children would be orphaned or spill.
        let parents = Set(units.compactMap(\.parentCode))
        let grids = units.filter {
            $0.tier == .grid && !parents.contains($0.code) && $0.geometry.polygons.count == 1 && $0.geometry.polygons[0].holes.isEmpty
        }
        let communities = Dictionary(grouping: grids, by: { $0.parentCode ?? "" }).sorted { $0.key < $1.key }
        var merges: [(String, String)] = [], moves: [(String, String)] = []
        let geos = GEOSContext()
        for (k, entry) in communities.enumerated() {
            let merging = mergeEvery > 0 && k % mergeEvery == 0
            guard merging || (k % max(moveEvery, 1) == 0) else { continue }
            guard let (a, b) = Self.neighbours(in: entry.value.sorted { $0.code < $1.code }) else { continue }
            if merging {
                guard let merged = Self.merge(a, b), Self.isValid(merged.geometry, geos) else { continue }
                byCode[a.code] = merged
                byCode[b.code] = nil
                merges.append((a.code, b.code))
            } else {
                guard let (grown, shrunk) = Self.moveSharedEdge(a, b, metres: shiftMetres),
                      Self.isValid(grown.geometry, geos), Self.isValid(shrunk.geometry, geos) else { continue }
                byCode[a.code] = grown
                byCode[b.code] = shrunk
                moves.append((a.code, b.code))
            }
        }
        let out = units.compactMap { byCode[$0.code] }
        return Outcome(units: out, merges: merges, moves: moves)
    }

    static func isValid(_ shape: MultiPolygon, _ geos: GEOSContext) -> Bool {
        guard let g = try? geos.geometry(shape) else { return false }
        return geos.validity(of: g) == .valid
    }

    /// The first pair of grids (by code) that share an edge.
    static func neighbours(in grids: [AreaUnit]) -> (AreaUnit, AreaUnit)? {
        for (i, a) in grids.enumerated() {
            for b in grids[(i + 1)...] where sharedRun(a.geometry.polygons[0].exterior, b.geometry.polygons[0].exterior) != nil {
                return (a, b)
            }
        }
        return nil
    }

    /// The vertices of `a`'s exterior (closing vertex dropped) rotated so that the run of
    /// vertices it shares with `b` comes first, and the run's length; nil without a shared edge.
    static func sharedRun(_ a: Ring, _ b: Ring) -> (points: [LonLat], length: Int)? {
        let p = Array(a.points.dropLast())
        let inB = Set(b.points)
        let shared = p.map { inB.contains($0) }
        guard p.count >= 3, shared.contains(true), shared.contains(false) else { return nil }
        // Start right after a vertex that is not shared: that is where a run begins.
        var best: (start: Int, length: Int)?
        var i = 0
        while i < p.count {
            let start = i
            if shared[start], !shared[(start + p.count - 1) % p.count] {
                var length = 0
                while shared[(start + length) % p.count] { length += 1 }
                if length >= 2, length > best?.length ?? 0 { best = (start, length) }
            }
            i += 1
        }
        guard let best else { return nil }
        return (Array(p[best.start...] + p[..<best.start]), best.length)
    }

    /// `a` and `b` as one grid under `a`'s code, with both grids' households and population.
    public static func merge(_ a: AreaUnit, _ b: AreaUnit) -> AreaUnit? {
        let ringB = b.geometry.polygons[0].exterior
        guard let (q, length) = sharedRun(a.geometry.polygons[0].exterior, ringB) else { return nil }
        let r = Array(ringB.points.dropLast())
        guard let startInB = r.firstIndex(of: q[0]), let endInB = r.firstIndex(of: q[length - 1]) else { return nil }
        var points = Array(q[(length - 1)...]) + [q[0]]
        var k = (startInB + 1) % r.count
        while k != endInB {
            points.append(r[k])
            k = (k + 1) % r.count
        }
        points.append(points[0])
        var merged = a
        merged.geometry = MultiPolygon(Polygon(exterior: Ring(points)))
        merged.households = a.households.flatMap { x in b.households.map { x + $0 } }
        merged.population = a.population.flatMap { x in b.population.map { x + $0 } }
        return merged
    }

    /// Shifts the inner vertices of the edge `a` and `b` share by `metres` into `b`, keeping both
    /// ends: `a` grows, `b` shrinks, and both still hold the same vertices along the edge.
    public static func moveSharedEdge(_ a: AreaUnit, _ b: AreaUnit, metres: Double) -> (AreaUnit, AreaUnit)? {
        guard let (q, length) = sharedRun(a.geometry.polygons[0].exterior, b.geometry.polygons[0].exterior), length >= 3 else { return nil }
        let first = q[0], last = q[length - 1]
        let dx = last.lon - first.lon, dy = last.lat - first.lat
        let norm = (dx * dx + dy * dy).squareRoot()
        guard norm > 0 else { return nil }
        // `a` runs counter-clockwise, so its inside is left of the run and `b` lies to the right.
        let metresPerDegreeLat = 111_320.0, metresPerDegreeLon = 111_320.0 * cos(first.lat * .pi / 180)
        let shift = (lon: dy / norm * metres / metresPerDegreeLon, lat: -dx / norm * metres / metresPerDegreeLat)
        var moved: [LonLat: LonLat] = [:]
        for p in q[1..<(length - 1)] {
            moved[p] = LonLat(((p.lon + shift.lon) * 1e7).rounded() / 1e7, ((p.lat + shift.lat) * 1e7).rounded() / 1e7)
        }
        func reshaped(_ unit: AreaUnit) -> AreaUnit {
            var out = unit
            out.geometry = MultiPolygon(Polygon(exterior: Ring(unit.geometry.polygons[0].exterior.points.map { moved[$0] ?? $0 })))
            return out
        }
        return (reshaped(a), reshaped(b))
    }
}
