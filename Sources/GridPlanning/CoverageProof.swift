import GridGeometry

/// A proof, in plain Swift, that valid children tile their parent exactly, for the common case
/// where shared edges hold identical vertices; when it fails, the GEOS overlays find what is wrong.
///
/// Each ring is oriented (exteriors counter-clockwise, holes clockwise) and cut into directed
/// edges. The children's edges are added and the parent's subtracted; an edge cancels its own
/// reverse. If nothing is left, the 1-chain ∂(Σ children − parent) is zero, so the function
/// Σ w(child) − w(parent) of winding numbers is constant over the plane, hence zero. A valid
/// child's winding number is its indicator (1 inside, 0 outside), so every point of the parent
/// is covered by exactly one child and nothing lies outside: no gap, no overlap, no spill.
///
/// Anything short of exact cancellation (a gap, a vertex shifted by a micron, an edge split on
/// one side only) makes the proof fail, never pass wrongly.
enum CoverageProof {
    private struct Edge: Hashable {
        let ax: UInt64, ay: UInt64, bx: UInt64, by: UInt64

        init(_ a: LonLat, _ b: LonLat) {
            ax = a.lon.bitPattern
            ay = a.lat.bitPattern
            bx = b.lon.bitPattern
            by = b.lat.bitPattern
        }

        var reversed: Edge { Edge(bx: bx, by: by, ax: ax, ay: ay) }

        private init(bx: UInt64, by: UInt64, ax: UInt64, ay: UInt64) {
            self.ax = bx
            self.ay = by
            self.bx = ax
            self.by = ay
        }
    }

    /// True when `children` (each valid) tile `parent` exactly.
    static func tiles(_ parent: MultiPolygon, with children: [MultiPolygon]) -> Bool {
        var open: [Edge: Int] = [:]
        open.reserveCapacity(children.reduce(0) { $0 + $1.vertexCount })
        func add(_ edge: Edge) {
            let back = edge.reversed
            if let n = open[back] {
                if n == 1 { open[back] = nil } else { open[back] = n - 1 }
            } else {
                open[edge, default: 0] += 1
            }
        }
        for child in children { walk(child) { a, b in add(Edge(a, b)) } }
        // Subtracting the parent is adding its reverse.
        walk(parent) { a, b in add(Edge(b, a)) }
        return open.isEmpty
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
                var points = ring.points
                if points.first != points.last, let first = points.first { points.append(first) }
                guard points.count > 3 else { continue }
                let counterClockwise = signedArea(points) > 0
                if counterClockwise != (k == 0) { points.reverse() }
                for i in 1..<points.count where points[i - 1] != points[i] {
                    body(points[i - 1], points[i])
                }
            }
        }
    }
}
