/// A proof, in plain Swift, that valid children tile their parent exactly, for the common case
/// where shared edges hold identical vertices; when it fails, GEOS finds what is wrong.
///
/// Each ring is oriented (exteriors counter-clockwise, holes clockwise) and cut into directed
/// edges. The children's edges are added and the parent's subtracted; an edge cancels its own
/// reverse. If nothing is left, the 1-chain ∂(Σ children − parent) is zero, so the function
/// Σ w(child) − w(parent) of winding numbers is constant over the plane, hence zero. A valid
/// child's winding number is its indicator (1 inside, 0 outside), so every point of the parent
/// is covered by exactly one child and nothing lies outside: no gap, no spill, and, when the
/// parent is valid too, no overlap.
///
/// Anything short of exact cancellation (a gap, a vertex shifted by a micron, an edge split on
/// one side only) makes the proof fail, never pass wrongly.
///
/// Lives with the shapes because two checks use it: the import's validator (GridImport), which
/// skips its GEOS comparisons for a proven family, and the planners' topology check
/// (GridPlanning), which skips its overlays.
public enum CoverageProof {
    /// True when `children` (each valid) tile `parent` exactly.
    public static func tiles(_ parent: MultiPolygon, with children: [MultiPolygon]) -> Bool {
        var ledger = EdgeLedger(capacity: children.reduce(parent.vertexCount) { $0 + $1.vertexCount })
        for child in children { walk(child) { a, b in ledger.add(a, b, 1) } }
        walk(parent) { a, b in ledger.add(a, b, -1) }
        return ledger.balanced
    }

    /// Twice the signed area, with coordinates taken from the first vertex so that the products
    /// stay small and the sign stays right for tiny rings far from the origin.
    static func signedArea(_ points: [LonLat]) -> Double {
        guard let origin = points.first else { return 0 }
        var sum = 0.0
        for i in 1..<max(points.count - 1, 1) {
            let a = points[i], b = points[i + 1]
            sum += (a.lon - origin.lon) * (b.lat - origin.lat) - (b.lon - origin.lon) * (a.lat - origin.lat)
        }
        return sum
    }

    /// Every directed edge of a shape, exteriors counter-clockwise and holes clockwise;
    /// zero-length edges (repeated vertices) skipped.
    private static func walk(_ shape: MultiPolygon, _ body: (LonLat, LonLat) -> Void) {
        for polygon in shape.polygons {
            for (k, ring) in polygon.rings.enumerated() {
                let points = ring.points
                let closed = points.first == points.last
                let count = points.count + (closed ? 0 : 1)
                guard count > 3 else { continue }
                let counterClockwise = signedArea(closed ? points : points + [points[0]]) > 0
                let forward = counterClockwise == (k == 0)
                // Vertex j of the closed ring, walked forward or backward.
                func vertex(_ j: Int) -> LonLat {
                    let n = forward ? j : count - 1 - j
                    return n == points.count ? points[0] : points[n]
                }
                var previous = vertex(0)
                for j in 1..<count {
                    let next = vertex(j)
                    if next != previous { body(previous, next) }
                    previous = next
                }
            }
        }
    }
}

/// Signed counts of undirected edges: +1 for each edge walked one way, -1 the other way (and the
/// parent's edges with the opposite sign). The children tile the parent when every count ends at
/// zero. Open addressing over a flat array with no deletion: a family of 5,000 vertices was
/// hashed several times faster than through a Dictionary of directed edges.
private struct EdgeLedger {
    /// An edge's endpoints as bit patterns, lower endpoint first (so +0 and -0 differ: vertices
    /// that are not bit-identical never cancel), and its signed count; one slot per edge, so a
    /// probe touches one cache line.
    private struct Slot {
        var ax: UInt64 = 0, ay: UInt64 = 0, bx: UInt64 = 0, by: UInt64 = 0
        var count: Int32 = 0
        var used = false
    }

    private var slots: [Slot]
    private let mask: Int

    init(capacity edges: Int) {
        var size = 16
        while size < edges * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
    }

    mutating func add(_ a: LonLat, _ b: LonLat, _ sign: Int32) {
        let p = (a.lon.bitPattern, a.lat.bitPattern), q = (b.lon.bitPattern, b.lat.bitPattern)
        let ordered = p < q
        let (low, high) = ordered ? (p, q) : (q, p)
        let delta = ordered ? sign : -sign
        var h = (low.0 &* 0x9E37_79B9_7F4A_7C15) ^ (low.1 &* 0xC2B2_AE3D_27D4_EB4F)
        h ^= (high.0 &* 0x1656_67B1_9E37_79F9) ^ (high.1 &* 0x27D4_EB2F_1656_67C5)
        h ^= h >> 29
        var k = Int(truncatingIfNeeded: h) & mask
        while slots[k].used {
            if slots[k].ax == low.0 && slots[k].ay == low.1 && slots[k].bx == high.0 && slots[k].by == high.1 {
                slots[k].count += delta
                return
            }
            k = (k + 1) & mask
        }
        slots[k] = Slot(ax: low.0, ay: low.1, bx: high.0, by: high.1, count: delta, used: true)
    }

    var balanced: Bool { !slots.contains { $0.count != 0 } }
}
