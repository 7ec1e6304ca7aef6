import Foundation
import GridGeometry

extension TierIndex {

    /// Ids of every unit that may meet the box: owners of empty cells and units of edges in the others.
    public func candidates(in box: BoundingBox) -> Set<Int32> {
        var found = Set<Int32>()
        guard box.intersects(bounds) else { return found }
        let c0 = grid.column(box.minLon), c1 = grid.column(box.maxLon)
        let r0 = grid.row(box.minLat), r1 = grid.row(box.maxLat)
        for r in r0...r1 {
            for c in c0...c1 {
                let cell = r * grid.columns + c
                if isEmpty(cell) {
                    if cells[cell] != 0 { found.insert(Int32(bitPattern: cells[cell]) - 1) }
                } else {
                    for k in edgeRange(cell) {
                        let e = cellEdges[k]
                        found.insert(e.left)
                        if e.right >= 0 { found.insert(e.right) }
                    }
                }
            }
        }
        return found
    }

    /// The closest point of any unit boundary to `p`, with every unit bounded there, searched ring by
    /// ring of cells outward. Distances are compared in a local equirectangular frame around `p`
    /// (exact enough to pick the nearest edge at district scale); callers measure the final
    /// distance geodesically.
    public func nearestBoundary(to p: LonLat) -> (point: LonLat, units: [Int32])? {
        guard cellEdges.count > 0 else { return nil }
        let kx = cos(p.lat * .pi / 180) * 111_320.0, ky = 110_574.0
        func metres(_ q: LonLat) -> (Double, Double) { ((q.lon - p.lon) * kx, (q.lat - p.lat) * ky) }
        let pc = grid.column(p.lon), pr = grid.row(p.lat)
        var best = Double.infinity
        var bestPoint = p
        var bestUnits: [Int32] = []
        let columns = grid.columns, rows = grid.rows
        let maxRing = max(columns, rows)
        for radius in 0...maxRing {
            var anyCloser = false
            for r in (pr - radius)...(pr + radius) where r >= 0 && r < rows {
                // Only the ring's own cells, in row order: its top and bottom rows whole, the rows
                // between them at their two ends (walking the whole square made a far point cost
                // the cube of its distance in cells).
                let edgeRow = r == pr - radius || r == pr + radius
                for c in stride(from: pc - radius, through: pc + radius, by: edgeRow ? 1 : max(2 * radius, 1))
                where c >= 0 && c < columns {
                    guard grid.distance(from: p, toCell: c, r, kx: kx, ky: ky) < best else { continue }
                    anyCloser = true
                    let cell = r * columns + c
                    for k in edgeRange(cell) {
                        let e = cellEdges[k]
                        let (ax, ay) = metres(LonLat(e.ax, e.ay)), (bx, by) = metres(LonLat(e.bx, e.by))
                        let dx = bx - ax, dy = by - ay
                        let length2 = dx * dx + dy * dy
                        let t = length2 > 0 ? min(max(-(ax * dx + ay * dy) / length2, 0), 1) : 0
                        let qx = ax + t * dx, qy = ay + t * dy
                        let d = (qx * qx + qy * qy).squareRoot()
                        if d < best {
                            best = d
                            bestPoint = LonLat(e.ax + t * (e.bx - e.ax), e.ay + t * (e.by - e.ay))
                            bestUnits = e.right >= 0 ? [e.left, e.right] : [e.left]
                        } else if d == best {
                            // A shared vertex is equally near on several edges: keep every unit, so
                            // the caller can choose without depending on the order edges were stored.
                            bestUnits += e.right >= 0 ? [e.left, e.right] : [e.left]
                        }
                    }
                }
            }
            // Every cell of this ring was already farther than the best: outer rings are farther still.
            if !anyCloser && best.isFinite { break }
        }
        return best.isFinite ? (bestPoint, Array(Set(bestUnits)).sorted()) : nil
    }
}
