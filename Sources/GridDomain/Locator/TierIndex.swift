import Foundation
import GridGeometry

/// A point-in-polygon index over the units of one tier: a uniform grid of cells over the tier's
/// extent, each cell holding the edges that pass through it.
///
/// A lookup is the crossing-number test, cast as a ray to the east and cut short by the grid: cells
/// with no edge know their owner outright (interior cells answer with no edge test at all); from a
/// cell with edges the ray walks east, counting crossings in each cell, until it reaches a cell with
/// no edge, whose owner closes the count. Each edge shared by two units is stored once with both
/// unit ids, so a crossing toggles both sides together: every point of a tiling gets exactly one
/// answer, whatever floating point says about points on an edge.
///
/// Boundary rule (documented in docs/locator.md): an edge counts when `ay <= y < by` (half-open in y)
/// and its crossing lies strictly east of the point. A point on a shared vertical or sloped edge
/// goes to the unit on its east side; a point on a shared horizontal edge goes to the unit north of
/// it; a vertex shared by several units goes to the one north-east of it. Same input, same answer.
public final class TierIndex: @unchecked Sendable {
    // @unchecked Sendable: every buffer is written once in `init` and only read afterwards.

    /// An edge with its lower end first (`ay <= by`), and the one or two units it bounds.
    struct Edge {
        var ax: Double, ay: Double, bx: Double, by: Double
        var left: Int32, right: Int32

        /// Units toggled by a crossing, packed as the XOR of (id + 1); 0 stands for no unit.
        @inline(__always) var mask: UInt32 { UInt32(bitPattern: left &+ 1) ^ UInt32(bitPattern: right &+ 1) }
        @inline(__always) var idParity: UInt32 { right < 0 ? 1 : 0 }
    }

    let grid: CellGrid
    public var bounds: BoundingBox { grid.bounds }
    public var columns: Int { grid.columns }
    public var rows: Int { grid.rows }
    /// Number of unit ids (one past the largest): answers outside 0..<unitLimit are impossible.
    let unitLimit: Int

    private let edges: UnsafeMutableBufferPointer<Edge>
    private let cellStart: UnsafeMutableBufferPointer<Int32>
    private let cellEdges: UnsafeMutableBufferPointer<Int32>
    /// For cells with no edge: the owning unit id + 1, or 0 when no unit covers the cell.
    private let owner: UnsafeMutableBufferPointer<UInt32>

    public var edgeCount: Int { edges.count }
    public var cellCount: Int { grid.count }
    /// Bytes held by the index's buffers.
    public var memoryBytes: Int {
        edges.count * MemoryLayout<Edge>.stride + (cellStart.count + cellEdges.count + owner.count) * 4
    }

    /// - Parameters:
    ///   - shapes: the units of one tier, each with its global id (ids must be below `unitLimit`).
    ///   - cellsPerEdge: how many cells to make per distinct edge; around 1 keeps most cells empty
    ///     of edges while the edge lists of the others stay short.
    public init(shapes: [(id: Int32, shape: MultiPolygon)], unitLimit: Int, cellsPerEdge: Double = 1.0) {
        self.unitLimit = unitLimit
        let collected = Self.collectEdges(shapes)
        var box = BoundingBox.empty
        for e in collected {
            box.extend(LonLat(e.ax, e.ay))
            box.extend(LonLat(e.bx, e.by))
        }
        let grid = CellGrid(covering: box, edgeCount: collected.count, cellsPerEdge: cellsPerEdge)
        self.grid = grid

        // Two passes over the edges: count per cell, then fill (a compressed sparse row layout).
        let segments = collected.map { (ax: $0.ax, ay: $0.ay, bx: $0.bx, by: $0.by) }
        var counts = [Int32](repeating: 0, count: grid.count + 1)
        grid.forEachCell(ofSegments: segments) { cell, _ in counts[cell + 1] += 1 }
        for i in 0..<grid.count { counts[i + 1] += counts[i] }
        let cellEdges = UnsafeMutableBufferPointer<Int32>.allocate(capacity: Int(counts[grid.count]))
        var cursor = counts
        grid.forEachCell(ofSegments: segments) { cell, edge in
            cellEdges[Int(cursor[cell])] = Int32(edge)
            cursor[cell] += 1
        }
        self.cellEdges = cellEdges
        cellStart = .allocate(capacity: counts.count)
        _ = cellStart.initialize(from: counts)
        edges = .allocate(capacity: collected.count)
        _ = edges.initialize(from: collected)
        owner = .allocate(capacity: grid.count)
        owner.initialize(repeating: 0)

        // Owners of empty cells, each row from east to west: a cell's walk ends in a cell further
        // east whose owner is already known (or past the last column, where no unit is).
        for row in 0..<grid.rows {
            let y = grid.minY + (Double(row) + 0.5) * grid.cellH
            for col in stride(from: grid.columns - 1, through: 0, by: -1) where isEmpty(row * grid.columns + col) {
                let x = grid.minX + (Double(col) + 0.5) * grid.cellW
                owner[row * grid.columns + col] = UInt32(bitPattern: resolveWalk(x, y, row: row, from: col + 1, first: false) &+ 1)
            }
        }
    }

    deinit {
        edges.deallocate()
        cellStart.deallocate()
        cellEdges.deallocate()
        owner.deallocate()
    }

    @inline(__always) private func isEmpty(_ cell: Int) -> Bool { cellStart[cell] == cellStart[cell + 1] }

    /// The id of the unit containing (x, y), or -1.
    @inline(__always)
    public func locate(_ x: Double, _ y: Double) -> Int32 {
        let fx = (x - grid.minX) * grid.invW, fy = (y - grid.minY) * grid.invH
        // Written so that NaN fails the test too.
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return -1 }
        let col = Int(fx), row = Int(fy)
        let cell = row * grid.columns + col
        if cellStart[cell] == cellStart[cell + 1] { return Int32(bitPattern: owner[cell]) - 1 }
        return resolveWalk(x, y, row: row, from: col, first: true)
    }

    public func locate(_ p: LonLat) -> Int32 { locate(p.lon, p.lat) }

    /// Counts crossings east of x, cell by cell, until a cell with no edge or the grid's end.
    private func resolveWalk(_ x: Double, _ y: Double, row: Int, from startCol: Int, first: Bool) -> Int32 {
        var acc: UInt32 = 0, parity: UInt32 = 0
        var col = startCol
        let columns = grid.columns
        let base = row * columns
        while col < columns {
            let cell = base + col
            let start = Int(cellStart[cell]), end = Int(cellStart[cell + 1])
            if start == end {
                let o = owner[cell]
                acc ^= o
                parity ^= o == 0 ? 0 : 1
                break
            }
            // Each crossing is counted in exactly one cell: the one whose (left, right] holds it.
            let right = grid.left(col + 1)
            let left = (first && col == startCol) ? x : grid.left(col)
            for k in start..<end {
                let e = edges[Int(cellEdges[k])]
                guard e.ay <= y, y < e.by else { continue }
                let xc = e.ax + (y - e.ay) * (e.bx - e.ax) / (e.by - e.ay)
                guard xc > x, xc > left || (first && col == startCol), xc <= right else { continue }
                acc ^= e.mask
                parity ^= e.idParity
            }
            col += 1
        }
        if parity == 0 && acc == 0 { return -1 }
        if parity == 1 && acc != 0 && Int(acc) <= unitLimit { return Int32(bitPattern: acc) - 1 }
        return slowWalk(x, y, row: row, from: startCol, first: first)
    }

    /// The same walk keeping every toggled id: only for data with overlaps, where more than one unit
    /// claims the point. The lowest id wins, so the answer is still the same on every run.
    private func slowWalk(_ x: Double, _ y: Double, row: Int, from startCol: Int, first: Bool) -> Int32 {
        var odd = Set<Int32>()
        func toggle(_ id: Int32) {
            guard id >= 0 else { return }
            if odd.remove(id) == nil { odd.insert(id) }
        }
        var col = startCol
        let columns = grid.columns
        let base = row * columns
        while col < columns {
            let cell = base + col
            let start = Int(cellStart[cell]), end = Int(cellStart[cell + 1])
            if start == end {
                toggle(Int32(bitPattern: owner[cell]) - 1)
                break
            }
            let right = grid.left(col + 1)
            let left = (first && col == startCol) ? x : grid.left(col)
            for k in start..<end {
                let e = edges[Int(cellEdges[k])]
                guard e.ay <= y, y < e.by else { continue }
                let xc = e.ax + (y - e.ay) * (e.bx - e.ax) / (e.by - e.ay)
                guard xc > x, xc > left || (first && col == startCol), xc <= right else { continue }
                toggle(e.left)
                toggle(e.right)
            }
            col += 1
        }
        return odd.min() ?? -1
    }

    // MARK: Building

    private struct EdgeKey: Hashable {
        var ax: UInt64, ay: UInt64, bx: UInt64, by: UInt64
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

    // MARK: Neighbourhood queries (not on the lookup path)

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
                    if owner[cell] != 0 { found.insert(Int32(bitPattern: owner[cell]) - 1) }
                } else {
                    for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                        let e = edges[Int(cellEdges[k])]
                        found.insert(e.left)
                        if e.right >= 0 { found.insert(e.right) }
                    }
                }
            }
        }
        return found
    }

    /// The closest point of any unit boundary to `p`, with the unit(s) it bounds, searched ring by
    /// ring of cells outward. Distances are compared in a local equirectangular frame around `p`
    /// (exact enough to pick the nearest edge at district scale); callers measure the final
    /// distance geodesically.
    public func nearestBoundary(to p: LonLat) -> (point: LonLat, units: [Int32])? {
        guard edges.count > 0 else { return nil }
        let kx = cos(p.lat * .pi / 180) * 111_320.0, ky = 110_574.0
        func metres(_ q: LonLat) -> (Double, Double) { ((q.lon - p.lon) * kx, (q.lat - p.lat) * ky) }
        let pc = grid.column(p.lon), pr = grid.row(p.lat)
        var best = Double.infinity
        var bestPoint = p
        var bestUnits: [Int32] = []
        var seen = Set<Int32>()
        let columns = grid.columns, rows = grid.rows
        let maxRing = max(columns, rows)
        for radius in 0...maxRing {
            var anyCloser = false
            for r in (pr - radius)...(pr + radius) where r >= 0 && r < rows {
                for c in (pc - radius)...(pc + radius) where c >= 0 && c < columns {
                    guard max(abs(r - pr), abs(c - pc)) == radius else { continue }
                    guard grid.distance(from: p, toCell: c, r, kx: kx, ky: ky) < best else { continue }
                    anyCloser = true
                    let cell = r * columns + c
                    for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                        let index = cellEdges[k]
                        guard seen.insert(index).inserted else { continue }
                        let e = edges[Int(index)]
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
                        }
                    }
                }
            }
            // Every cell of this ring was already farther than the best: outer rings are farther still.
            if !anyCloser && best.isFinite { break }
        }
        return best.isFinite ? (bestPoint, bestUnits) : nil
    }
}

