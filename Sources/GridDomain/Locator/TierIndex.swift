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

    /// One word per cell, so that an empty cell costs one memory read: for a cell with edges,
    /// the first edge's offset in `cellEdges` (high 32 bits) and the edge count (low 32 bits,
    /// never 0); for an empty cell, the owning unit id + 1 (high bits, 0 for none) and 0.
    private let cells: UnsafeMutableBufferPointer<UInt64>
    /// Each cell's edges stored together (an edge in several cells is copied into each), so the
    /// edges of a cell share cache lines instead of being chased through an index.
    private let cellEdges: UnsafeMutableBufferPointer<Edge>

    /// Distinct edges (each shared edge counted once).
    public let edgeCount: Int
    /// Share of cells that hold no edge: points there are answered without any edge test.
    public var emptyCellShare: Double {
        Double((0..<grid.count).filter { isEmpty($0) }.count) / Double(max(grid.count, 1))
    }
    /// Mean number of edges listed in a cell that has any.
    public var meanEdgesPerBusyCell: Double {
        let busy = (0..<grid.count).filter { !isEmpty($0) }.count
        return Double(cellEdges.count) / Double(max(busy, 1))
    }
    public var cellCount: Int { grid.count }
    /// Bytes held by the index's buffers.
    public var memoryBytes: Int {
        cellEdges.count * MemoryLayout<Edge>.stride + cells.count * 8
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
        var counts = [Int](repeating: 0, count: grid.count + 1)
        grid.forEachCell(ofSegments: segments) { cell, _ in counts[cell + 1] += 1 }
        for i in 0..<grid.count { counts[i + 1] += counts[i] }
        let cellEdges = UnsafeMutableBufferPointer<Edge>.allocate(capacity: counts[grid.count])
        var cursor = counts
        grid.forEachCell(ofSegments: segments) { cell, edge in
            (cellEdges.baseAddress! + cursor[cell]).initialize(to: collected[edge])
            cursor[cell] += 1
        }
        self.cellEdges = cellEdges
        edgeCount = collected.count
        cells = .allocate(capacity: grid.count)
        for i in 0..<grid.count {
            // Bits 0-23: edge count (a cell holds far fewer); bits 24-25: direction; 32-63: offset.
            cells[i] = UInt64(counts[i]) << 32 | UInt64(min(counts[i + 1] - counts[i], 0xFF_FFFF))
        }
        Self.chooseDirections(cells, grid)

        // Owners of empty cells, each row from east to west: a cell's walk ends in a cell further
        // east whose owner is already known (or past the last column, where no unit is).
        for row in 0..<grid.rows {
            let y = grid.minY + (Double(row) + 0.5) * grid.cellH
            for col in stride(from: grid.columns - 1, through: 0, by: -1) where isEmpty(row * grid.columns + col) {
                let x = grid.minX + (Double(col) + 0.5) * grid.cellW
                let owner = UInt32(bitPattern: resolveWalk(x, y, row: row, col: col + 1, first: false) &+ 1)
                cells[row * grid.columns + col] = UInt64(owner) << 32
            }
        }
    }

    deinit {
        cells.deallocate()
        cellEdges.deallocate()
    }

    @inline(__always) private func isEmpty(_ cell: Int) -> Bool { cells[cell] & 0xFF_FFFF == 0 }
    @inline(__always) private func owner(_ cell: Int) -> UInt32 { UInt32(truncatingIfNeeded: cells[cell] >> 32) }
    @inline(__always) private func edgeRange(_ cell: Int) -> Range<Int> {
        let word = cells[cell]
        let start = Int(word >> 32)
        return start..<(start + Int(word & 0xFF_FFFF))
    }

    /// The id of the unit containing (x, y), or -1.
    @inline(__always)
    public func locate(_ x: Double, _ y: Double) -> Int32 {
        let fx = (x - grid.minX) * grid.invW, fy = (y - grid.minY) * grid.invH
        // Written so that NaN fails the test too.
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return -1 }
        let col = Int(fx), row = Int(fy)
        let word = cells[row * grid.columns + col]
        if word & 0xFF_FFFF == 0 { return Int32(bitPattern: UInt32(truncatingIfNeeded: word >> 32)) - 1 }
        return resolveWalk(x, y, row: row, col: col, first: true)
    }

    public func locate(_ p: LonLat) -> Int32 { locate(p.lon, p.lat) }

    /// The direction a busy cell's ray takes: whichever reaches a cell with no edge after the
    /// fewest edge tests (chosen when the index is built). A boundary running along a row would
    /// make an eastward ray follow it for many cells; a north- or southward one crosses it.
    enum Direction: UInt64 {
        case east = 0, west = 1, north = 2, south = 3
    }

    @inline(__always) private func direction(_ cell: Int) -> Direction {
        Direction(rawValue: (cells[cell] >> 24) & 3)!
    }

    /// Counts crossings of a ray from (x, y), cell by cell, until a cell with no edge (whose owner
    /// closes the count) or the grid's end (where no unit is). Each crossing is counted in exactly
    /// one cell: the one whose half-open span along the ray holds it.
    @inline(__always)
    private func resolveWalk(_ x: Double, _ y: Double, row: Int, col: Int, first: Bool) -> Int32 {
        let from = row * grid.columns + col
        let way: Direction = first ? direction(from) : .east
        var acc: UInt32 = 0, parity: UInt32 = 0
        walk(x, y, row: row, col: col, first: first, way: way) { e in
            acc ^= e.mask
            parity ^= e.idParity
        } end: { o in
            acc ^= o
            parity ^= o == 0 ? 0 : 1
        }
        if parity == 0 && acc == 0 { return -1 }
        if parity == 1 && acc != 0 && Int(acc) <= unitLimit { return Int32(bitPattern: acc) - 1 }
        // More than one unit claims the point (overlapping data): keep every toggled id and let the
        // lowest win, so the answer is still the same on every run.
        var odd = Set<Int32>()
        func toggle(_ id: Int32) {
            guard id >= 0 else { return }
            if odd.remove(id) == nil { odd.insert(id) }
        }
        walk(x, y, row: row, col: col, first: first, way: way) { e in
            toggle(e.left)
            toggle(e.right)
        } end: { o in
            toggle(Int32(bitPattern: o) - 1)
        }
        return odd.min() ?? -1
    }

    /// The walk itself: `cross` for every edge the ray crosses, `end` with the owner (+1) of the
    /// empty cell it stops in (not called when it leaves the grid).
    @inline(__always)
    private func walk(_ x: Double, _ y: Double, row: Int, col: Int, first: Bool, way: Direction,
                      cross: (Edge) -> Void, end: (UInt32) -> Void) {
        var r = row, c = col
        var start = first
        while r >= 0 && r < grid.rows && c >= 0 && c < grid.columns {
            let cell = r * grid.columns + c
            if isEmpty(cell) {
                end(owner(cell))
                return
            }
            switch way {
            case .east, .west:
                // Horizontal ray: an edge counts when y lies in [ay, by) and its crossing is past x.
                let low = grid.left(c), high = grid.left(c + 1)
                for k in edgeRange(cell) {
                    let e = cellEdges[k]
                    guard e.ay <= y, y < e.by else { continue }
                    // Which cell counts the crossing is decided on xc; whether it lies past the
                    // point is decided exactly (q left of the upward edge: the crossing is east).
                    let xc = e.ax + (y - e.ay) * (e.bx - e.ax) / (e.by - e.ay)
                    if way == .east {
                        guard start || xc > low, xc <= high,
                              Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) > 0 else { continue }
                    } else {
                        guard start || xc < high, xc >= low,
                              Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) < 0 else { continue }
                    }
                    cross(e)
                }
                c += way == .east ? 1 : -1
            case .north, .south:
                // Vertical ray: an edge counts when x lies in [min x, max x) and its crossing is past y.
                let low = grid.bottom(r), high = grid.bottom(r + 1)
                for k in edgeRange(cell) {
                    let e = cellEdges[k]
                    let (x0, x1) = e.ax < e.bx ? (e.ax, e.bx) : (e.bx, e.ax)
                    guard x0 <= x, x < x1 else { continue }
                    let yc = e.ay + (x - e.ax) * (e.by - e.ay) / (e.bx - e.ax)
                    // q below the edge taken west to east: the crossing is north of q.
                    let side = Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) * (e.ax < e.bx ? 1 : -1)
                    if way == .north {
                        guard start || yc > low, yc <= high, side < 0 else { continue }
                    } else {
                        guard start || yc < high, yc >= low, side > 0 else { continue }
                    }
                    cross(e)
                }
                r += way == .north ? 1 : -1
            }
            start = false
        }
    }

    /// For every busy cell, the direction whose walk tests the fewest edges before an empty cell,
    /// by dynamic programming along rows and columns (linear in the number of cells).
    private static func chooseDirections(_ cells: UnsafeMutableBufferPointer<UInt64>, _ grid: CellGrid) {
        let n = grid.count, cols = grid.columns, rows = grid.rows
        func count(_ cell: Int) -> Int { Int(cells[cell] & 0xFF_FFFF) }
        var cost = [[Int]](repeating: [Int](repeating: 0, count: n), count: 4)
        for r in 0..<rows {
            for c in stride(from: cols - 1, through: 0, by: -1) where count(r * cols + c) > 0 {
                cost[0][r * cols + c] = count(r * cols + c) + (c + 1 < cols ? cost[0][r * cols + c + 1] : 0)
            }
            for c in 0..<cols where count(r * cols + c) > 0 {
                cost[1][r * cols + c] = count(r * cols + c) + (c > 0 ? cost[1][r * cols + c - 1] : 0)
            }
        }
        for c in 0..<cols {
            for r in stride(from: rows - 1, through: 0, by: -1) where count(r * cols + c) > 0 {
                cost[2][r * cols + c] = count(r * cols + c) + (r + 1 < rows ? cost[2][(r + 1) * cols + c] : 0)
            }
            for r in 0..<rows where count(r * cols + c) > 0 {
                cost[3][r * cols + c] = count(r * cols + c) + (r > 0 ? cost[3][(r - 1) * cols + c] : 0)
            }
        }
        for cell in 0..<n where count(cell) > 0 {
            let best = (0..<4).min { cost[$0][cell] < cost[$1][cell] }!
            cells[cell] |= UInt64(best) << 24
        }
    }

    /// Indexes of `points` ordered tile by tile (8×8 cells; points off the grid last), by a
    /// counting sort: the visiting order for batch lookups.
    func tileOrder(_ points: UnsafeBufferPointer<LonLat>) -> [Int32] {
        let tileColumns = (grid.columns >> 3) + 1, tileRows = (grid.rows >> 3) + 1
        let outside = tileColumns * tileRows
        var counts = [Int](repeating: 0, count: outside + 2)
        var keys = [Int32](repeating: 0, count: points.count)
        for i in 0..<points.count {
            let fx = (points[i].lon - grid.minX) * grid.invW, fy = (points[i].lat - grid.minY) * grid.invH
            let key: Int
            if fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) {
                key = (Int(fy) >> 3) * tileColumns + (Int(fx) >> 3)
            } else {
                key = outside
            }
            keys[i] = Int32(key)
            counts[key + 1] += 1
        }
        for t in 0...outside { counts[t + 1] += counts[t] }
        var order = [Int32](repeating: 0, count: points.count)
        for i in 0..<points.count {
            let key = Int(keys[i])
            order[counts[key]] = Int32(i)
            counts[key] += 1
        }
        return order
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
                    if owner(cell) != 0 { found.insert(Int32(bitPattern: owner(cell)) - 1) }
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
                for c in (pc - radius)...(pc + radius) where c >= 0 && c < columns {
                    guard max(abs(r - pr), abs(c - pc)) == radius else { continue }
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

