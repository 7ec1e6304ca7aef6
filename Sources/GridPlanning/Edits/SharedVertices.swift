import GridGeometry

/// Keeps shared edges shared after an edit: every vertex of one shape that lies on an edge of a
/// neighbour (not already one of its vertices) is inserted into that edge.
///
/// Overlay operations add vertices where a new line crosses an old edge. Without this step the
/// neighbour's edge would pass by the new vertex without holding it: no gap and no overlap, but
/// the two sides of the border would no longer hold the same vertices, and the Locator's rule
/// that gives every border point to exactly one unit needs them to (ENGINEERING.md).
public enum SharedVertices {
    /// How close, in degrees, a vertex must lie to an edge to count as on it (about 1 mm).
    public static let tolerance = 1e-8

    /// `shape` with every point of `points` that lies on one of its edges inserted there.
    public static func insert(_ points: [LonLat], into shape: MultiPolygon) -> (shape: MultiPolygon, inserted: Int) {
        guard !points.isEmpty else { return (shape, 0) }
        let box = shape.bounds
        let candidates = points.filter {
            $0.lon >= box.minLon - tolerance && $0.lon <= box.maxLon + tolerance
                && $0.lat >= box.minLat - tolerance && $0.lat <= box.maxLat + tolerance
        }
        guard !candidates.isEmpty else { return (shape, 0) }
        var inserted = 0
        let polygons = shape.polygons.map { polygon in
            Polygon(exterior: insert(candidates, into: polygon.exterior, count: &inserted),
                    holes: polygon.holes.map { insert(candidates, into: $0, count: &inserted) })
        }
        return (MultiPolygon(polygons), inserted)
    }

    private static func insert(_ points: [LonLat], into ring: Ring, count: inout Int) -> Ring {
        let vertices = Set(ring.points)
        var out: [LonLat] = []
        out.reserveCapacity(ring.points.count)
        for i in 0..<ring.points.count {
            let a = ring.points[i]
            out.append(a)
            guard i + 1 < ring.points.count else { break }
            let b = ring.points[i + 1]
            var onEdge: [(t: Double, p: LonLat)] = []
            for p in points where !vertices.contains(p) {
                if let t = parameter(of: p, onSegment: a, b) { onEdge.append((t, p)) }
            }
            for hit in onEdge.sorted(by: { $0.t < $1.t }) where hit.p != out.last {
                out.append(hit.p)
                count += 1
            }
        }
        return Ring(out)
    }

    /// Where `p` lies along a→b (strictly between 0 and 1), when it lies on the segment.
    static func parameter(of p: LonLat, onSegment a: LonLat, _ b: LonLat) -> Double? {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return nil }
        let t = ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / length2
        guard t > 0, t < 1 else { return nil }
        let ex = a.lon + t * dx - p.lon, ey = a.lat + t * dy - p.lat
        guard ex * ex + ey * ey <= tolerance * tolerance else { return nil }
        return t
    }

    /// Makes two shapes hold each other's vertices where they lie on each other's edges.
    public static func reconcile(_ a: MultiPolygon, _ b: MultiPolygon) -> (MultiPolygon, MultiPolygon, Int) {
        let intoB = insert(a.rings.flatMap(\.points), into: b)
        let intoA = insert(b.rings.flatMap(\.points), into: a)
        return (intoA.shape, intoB.shape, intoA.inserted + intoB.inserted)
    }
}
