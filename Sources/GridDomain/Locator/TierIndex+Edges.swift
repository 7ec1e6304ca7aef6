import GridGeometry

extension TierIndex {
    private struct EdgeKey: Hashable {
        var ax: UInt64, ay: UInt64, bx: UInt64, by: UInt64

        // One word into the hasher instead of four: a city has a million edges, and SipHash over
        // 32 bytes each was a tenth of building the index. Equality still compares all four.
        func hash(into hasher: inout Hasher) {
            var h = ax &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ (h >> 29) ^ ay) &* 0xBF58_476D_1CE4_E5B9
            h = (h ^ (h >> 32) ^ bx) &* 0x94D0_49BB_1331_11EB
            hasher.combine(h ^ (h >> 31) ^ by)
        }
    }

    /// Every distinct edge once, with the units on its two sides. An edge a unit repeats (a ring
    /// doubling back) toggles it twice, which is no toggle: it is dropped.
    static func collectEdges(_ shapes: [(id: Int32, shape: MultiPolygon)]) -> [Edge] {
        var edges: [Edge] = []
        var slot: [EdgeKey: Int] = [:]
        let total = shapes.reduce(0) { $0 + $1.shape.vertexCount }
        edges.reserveCapacity(total / 2 + 16)
        slot.reserveCapacity(total / 2 + 16)
        for (id, shape) in shapes {
            for ring in shape.rings {
                let points = ring.closed().points
                guard points.count >= 2 else { continue }
                for i in 0..<(points.count - 1) {
                    var a = points[i], b = points[i + 1]
                    if a == b { continue }
                    if (b.lat, b.lon) < (a.lat, a.lon) { swap(&a, &b) }
                    let key = EdgeKey(ax: a.lon.bitPattern, ay: a.lat.bitPattern, bx: b.lon.bitPattern, by: b.lat.bitPattern)
                    if let at = slot[key] {
                        if edges[at].right < 0 && edges[at].left != id {
                            edges[at].right = id
                            continue
                        }
                        if edges[at].right < 0 && edges[at].left == id {
                            edges[at].left = -1  // repeated by the same unit: cancels out
                            slot[key] = nil
                            continue
                        }
                        // A third unit on the same edge (overlapping data): kept as its own edge.
                    }
                    slot[key] = edges.count
                    edges.append(Edge(ax: a.lon, ay: a.lat, bx: b.lon, by: b.lat, left: id, right: -1))
                }
            }
        }
        return edges.filter { $0.left >= 0 || $0.right >= 0 }.map { e in
            e.left >= 0 ? e : Edge(ax: e.ax, ay: e.ay, bx: e.bx, by: e.by, left: e.right, right: -1)
        }
    }
}

extension TierIndex {
    /// The units whose boundary passes exactly through `p`, lowest id first: every edge listed in
    /// `p`'s cell that holds it, decided by the exact orientation test. Empty when `p` is on no
    /// boundary (or off the grid). A point off every unit by the half-open rule but on such a
    /// boundary is covered by those units (`ST_Covers`), which is how the Locator answers it.
    public func unitsOnBoundary(at p: LonLat) -> [Int32] {
        let x = p.lon, y = p.lat
        let fx = (x - grid.minX) * grid.invW, fy = (y - grid.minY) * grid.invH
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return [] }
        let cell = Int(fy) * grid.columns + Int(fx)
        guard !isEmpty(cell) else { return [] }
        var found: [Int32] = []
        for k in edgeRange(cell) {
            let e = cellEdges[k]
            guard e.ay <= y, y <= e.by, min(e.ax, e.bx) <= x, x <= max(e.ax, e.bx) else { continue }
            // An end of the edge is on it; anywhere else the exact test decides.
            let atEnd = (x == e.ax && y == e.ay) || (x == e.bx && y == e.by)
            guard atEnd || Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) == 0 else { continue }
            if !found.contains(e.left) { found.append(e.left) }
            if e.right >= 0 && !found.contains(e.right) { found.append(e.right) }
        }
        return found.sorted()
    }
}
