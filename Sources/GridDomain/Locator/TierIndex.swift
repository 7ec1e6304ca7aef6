import CPrefetch
import Foundation
import GridGeometry

/// A point-in-polygon index over the units of one tier: a uniform grid of cells over the tier's
/// extent, each cell holding the edges that pass through it.
///
/// A lookup is the crossing-number test on a ray cut short by the grid: a cell with no edge knows
/// its owner outright (interior cells answer with no edge test at all); from a cell with edges the
/// ray walks cell by cell, counting crossings, until it reaches a cell with no edge, whose owner
/// closes the count. Each busy cell sends its ray the way (east, west, north or south) that meets
/// an empty cell after the fewest edge tests. Each edge shared by two units is stored once with
/// both unit ids, so a crossing toggles both sides together: a tiling gives every point exactly
/// one unit. Whether a crossing lies past the point is decided by an exact orientation test.
///
/// Boundary rule (docs/locator.md): an edge counts when the point lies in its half-open span
/// across the ray ([ay, by) for an east-west ray) and the crossing is strictly past the point. A
/// point on a shared edge therefore goes to the unit on the far side along its cell's ray; a point
/// on a vertex likewise. The answer depends only on the geometry: same input, same answer.
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

    /// The way a busy cell's ray goes.
    enum Direction: UInt64 {
        case east = 0, west = 1, north = 2, south = 3
    }

    let grid: CellGrid
    public var bounds: BoundingBox { grid.bounds }
    public var columns: Int { grid.columns }
    public var rows: Int { grid.rows }
    /// Number of unit ids (one past the largest): answers outside 0..<unitLimit are impossible.
    let unitLimit: Int

    /// Four bytes per cell, small enough to stay in the last-level cache for a city: for an empty
    /// cell the owning unit id + 1 (0 for none); for a busy cell `busyFlag` | its index in `busy`.
    let cells: UnsafeBufferPointer<UInt32>
    static let busyFlag: UInt32 = 0x8000_0000
    /// Per busy cell: offset of its first edge in `cellEdges` (bits 32-63), ray direction (30-31),
    /// edge count (0-29).
    let busy: UnsafeBufferPointer<UInt64>
    /// Each busy cell's edges stored together (an edge in several cells is copied into each), so
    /// a cell's edges share cache lines instead of being chased through an index.
    let cellEdges: UnsafeBufferPointer<Edge>
    /// The tier's outer boundary, for the nearest unit to a position no unit covers.
    public let boundary: BoundaryTree
    /// What the buffers live in: memory allocated when the index was built, or a mapped index
    /// file. Held only to keep it alive.
    let memory: AnyObject

    /// Distinct edges (each shared edge counted once).
    public let edgeCount: Int
    public var cellCount: Int { grid.count }
    /// Share of cells that hold no edge: points there are answered without any edge test.
    public var emptyCellShare: Double { 1 - Double(busy.count) / Double(max(grid.count, 1)) }
    /// Mean number of edges listed in a cell that has any.
    public var meanEdgesPerBusyCell: Double { Double(cellEdges.count) / Double(max(busy.count, 1)) }
    /// Bytes held by the index's buffers.
    public var memoryBytes: Int {
        cellEdges.count * MemoryLayout<Edge>.stride + cells.count * 4 + busy.count * 8 + boundary.memoryBytes
    }

    /// - Parameters:
    ///   - shapes: the units of one tier, each with its global id (ids must be below `unitLimit`).
    ///   - cellsPerEdge: how many cells to make per distinct edge; around 1 keeps most cells empty
    ///     of edges while the edge lists of the others stay short (docs/benchmarks.md).
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
        edgeCount = collected.count

        // Two passes over the edges: count per cell, then fill. Edge lists are laid out tile by
        // tile (8×8 cells, the order batch lookups visit), so a tile's edges are contiguous.
        let segments = collected.map { (ax: $0.ax, ay: $0.ay, bx: $0.bx, by: $0.by) }
        var counts = [Int](repeating: 0, count: grid.count)
        grid.forEachCell(ofSegments: segments) { cell, _ in counts[cell] += 1 }
        var offsets = [Int](repeating: 0, count: grid.count)
        var tileMajor: [Int] = []
        var total = 0
        grid.forEachCellTileMajor { cell in
            offsets[cell] = total
            total += counts[cell]
            if counts[cell] > 0 { tileMajor.append(cell) }
        }
        let memory = IndexMemory()
        let cellEdges = memory.allocate(Edge.self, count: total)
        var cursor = offsets
        grid.forEachCell(ofSegments: segments) { cell, edge in
            (cellEdges.baseAddress! + cursor[cell]).initialize(to: collected[edge])
            cursor[cell] += 1
        }
        self.cellEdges = UnsafeBufferPointer(cellEdges)
        let cells = memory.allocate(UInt32.self, count: grid.count)
        cells.initialize(repeating: 0)
        let busy = memory.allocate(UInt64.self, count: tileMajor.count)
        for (b, cell) in tileMajor.enumerated() {
            cells[cell] = Self.busyFlag | UInt32(b)
            busy[b] = UInt64(offsets[cell]) << 32 | UInt64(min(counts[cell], 0x3FFF_FFFF))
        }
        Self.chooseDirections(cells: cells, busy: busy, grid: grid)
        self.cells = UnsafeBufferPointer(cells)
        self.busy = UnsafeBufferPointer(busy)
        self.memory = memory
        boundary = BoundaryTree(outerEdges: collected)

        // Owners of empty cells, each row from east to west: an eastward walk from a cell's centre
        // ends in a cell further east whose owner is already known (or past the grid's end).
        for row in 0..<grid.rows {
            let y = grid.bottom(row) + 0.5 * grid.cellH
            for col in stride(from: grid.columns - 1, through: 0, by: -1) where isEmpty(row * grid.columns + col) {
                let x = grid.left(col) + 0.5 * grid.cellW
                let id = resolveWalk(x, y, row: row, col: col + 1, first: false, way: .east)
                cells[row * grid.columns + col] = UInt32(bitPattern: id &+ 1)
            }
        }
    }

    /// An index whose buffers were made elsewhere (read from an index file): `memory` keeps them.
    init(grid: CellGrid, unitLimit: Int, edgeCount: Int, cells: UnsafeBufferPointer<UInt32>, busy: UnsafeBufferPointer<UInt64>,
         cellEdges: UnsafeBufferPointer<Edge>, boundary: BoundaryTree, memory: AnyObject) {
        self.grid = grid
        self.unitLimit = unitLimit
        self.edgeCount = edgeCount
        self.cells = cells
        self.busy = busy
        self.cellEdges = cellEdges
        self.boundary = boundary
        self.memory = memory
    }

    @inline(__always) func isEmpty(_ cell: Int) -> Bool { cells[cell] & Self.busyFlag == 0 }

    @inline(__always) func edgeRange(_ cell: Int) -> Range<Int> {
        let word = busy[Int(cells[cell] & ~Self.busyFlag)]
        let start = Int(word >> 32)
        return start..<(start + Int(word & 0x3FFF_FFFF))
    }

    /// The id of the unit containing (x, y), or -1.
    @inline(__always)
    public func locate(_ x: Double, _ y: Double) -> Int32 {
        let fx = (x - grid.minX) * grid.invW, fy = (y - grid.minY) * grid.invH
        // Written so that NaN fails the test too.
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return -1 }
        let col = Int(fx), row = Int(fy)
        let word = cells[row * grid.columns + col]
        if word & Self.busyFlag == 0 { return Int32(bitPattern: word) - 1 }
        let way = Direction(rawValue: (busy[Int(word & ~Self.busyFlag)] >> 30) & 3)!
        return resolveWalk(x, y, row: row, col: col, first: true, way: way)
    }

    public func locate(_ p: LonLat) -> Int32 { locate(p.lon, p.lat) }

    /// Whether (x, y) falls in a cell with no edge (diagnostics).
    public func inEmptyCell(_ x: Double, _ y: Double) -> Bool {
        let fx = (x - grid.minX) * grid.invW, fy = (y - grid.minY) * grid.invH
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return true }
        return isEmpty(Int(fy) * grid.columns + Int(fx))
    }

    @inline(__always)
    private func resolveWalk(_ x: Double, _ y: Double, row: Int, col: Int, first: Bool, way: Direction) -> Int32 {
        let (acc, parity) = walk(x, y, row: row, col: col, first: first, way: way, toggled: nil)
        if parity == 0 && acc == 0 { return -1 }
        if parity == 1 && acc != 0 && Int(acc) <= unitLimit { return Int32(bitPattern: acc) - 1 }
        // More than one unit claims the point (overlapping data): walk again keeping every toggled
        // id, and let the lowest win, so the answer is still the same on every run.
        var odd = Set<Int32>()
        _ = walk(x, y, row: row, col: col, first: first, way: way, toggled: &odd)
        return odd.min() ?? -1
    }

    /// Counts crossings of a ray from (x, y), cell by cell, until a cell with no edge or the grid's
    /// end. Returns the XOR of the toggled ids (+1) and the parity of their number; with `toggled`,
    /// also keeps the ids toggled an odd number of times. Each crossing is counted in exactly one
    /// cell: the one whose half-open span along the ray holds it (decided on the computed crossing,
    /// the same number in every cell); whether it lies past the point is decided exactly.
    @inline(__always)
    private func walk(_ x: Double, _ y: Double, row: Int, col: Int, first: Bool, way: Direction,
                      toggled: UnsafeMutablePointer<Set<Int32>>?) -> (UInt32, UInt32) {
        var acc: UInt32 = 0, parity: UInt32 = 0
        @inline(__always) func toggle(_ e: Edge) {
            acc ^= e.mask
            parity ^= e.idParity
            guard let toggled else { return }
            for id in [e.left, e.right] where id >= 0 {
                if toggled.pointee.remove(id) == nil { toggled.pointee.insert(id) }
            }
        }
        var r = row, c = col
        var start = first
        let columns = grid.columns, rows = grid.rows
        while r >= 0 && r < rows && c >= 0 && c < columns {
            let word = cells[r * columns + c]
            if word & Self.busyFlag == 0 {
                if word != 0, let toggled {
                    let id = Int32(bitPattern: word) - 1
                    if toggled.pointee.remove(id) == nil { toggled.pointee.insert(id) }
                }
                return (acc ^ word, parity ^ (word == 0 ? 0 : 1))
            }
            let info = busy[Int(word & ~Self.busyFlag)]
            let begin = Int(info >> 32), end = begin + Int(info & 0x3FFF_FFFF)
            switch way {
            case .east, .west:
                // Horizontal ray: an edge counts when y lies in [ay, by) and the crossing is past x
                // (q left of the upward edge: the crossing is east of q).
                let low = grid.left(c), high = grid.left(c + 1)
                let east = way == .east
                for k in begin..<end {
                    let e = cellEdges[k]
                    guard e.ay <= y, y < e.by else { continue }
                    let xc = e.ax + (y - e.ay) * (e.bx - e.ax) / (e.by - e.ay)
                    if east {
                        guard start || xc > low, xc <= high, Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) > 0 else { continue }
                    } else {
                        guard start || xc < high, xc >= low, Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) < 0 else { continue }
                    }
                    toggle(e)
                }
                c += east ? 1 : -1
            case .north, .south:
                // Vertical ray: an edge counts when x lies in [min x, max x) and the crossing is past y
                // (q below the edge taken west to east: the crossing is north of q).
                let low = grid.bottom(r), high = grid.bottom(r + 1)
                let north = way == .north
                for k in begin..<end {
                    let e = cellEdges[k]
                    let (x0, x1) = e.ax < e.bx ? (e.ax, e.bx) : (e.bx, e.ax)
                    guard x0 <= x, x < x1 else { continue }
                    let yc = e.ay + (x - e.ax) * (e.by - e.ay) / (e.bx - e.ax)
                    let side = Orientation.sign(e.ax, e.ay, e.bx, e.by, x, y) * (e.ax < e.bx ? 1 : -1)
                    if north {
                        guard start || yc > low, yc <= high, side < 0 else { continue }
                    } else {
                        guard start || yc < high, yc >= low, side > 0 else { continue }
                    }
                    toggle(e)
                }
                r += north ? 1 : -1
            }
            start = false
        }
        return (acc, parity)
    }

    /// For every busy cell, the direction whose walk tests the fewest edges before an empty cell,
    /// by dynamic programming along rows and columns (linear in the number of cells).
    private static func chooseDirections(cells: UnsafeMutableBufferPointer<UInt32>, busy: UnsafeMutableBufferPointer<UInt64>,
                                         grid: CellGrid) {
        let n = grid.count, cols = grid.columns, rows = grid.rows
        func count(_ cell: Int) -> Int {
            cells[cell] & busyFlag == 0 ? 0 : Int(busy[Int(cells[cell] & ~busyFlag)] & 0x3FFF_FFFF)
        }
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
            busy[Int(cells[cell] & ~busyFlag)] |= UInt64(best) << 30
        }
    }

    // MARK: Reading ahead (the batch path)

    /// The cell holding `p`, or -1 off the grid (NaN included).
    @inline(__always)
    func cell(of p: LonLat) -> Int {
        let fx = (p.lon - grid.minX) * grid.invW, fy = (p.lat - grid.minY) * grid.invH
        guard fx >= 0, fy >= 0, fx < Double(grid.columns), fy < Double(grid.rows) else { return -1 }
        return Int(fy) * grid.columns + Int(fx)
    }

    @inline(__always)
    func prefetchCell(of p: LonLat) {
        let c = cell(of: p)
        if c >= 0 { gridatlas_prefetch(cells.baseAddress! + c) }
    }

    /// Reads the cell word (asked for earlier) and asks for the busy-cell entry it points to.
    @inline(__always)
    func prefetchBusyEntry(of p: LonLat) {
        let c = cell(of: p)
        guard c >= 0 else { return }
        let word = cells[c]
        if word & Self.busyFlag != 0 { gridatlas_prefetch(busy.baseAddress! + Int(word & ~Self.busyFlag)) }
    }

    /// Reads the busy-cell entry (asked for earlier) and asks for the first three cache lines of
    /// its edge list (4.4 edges of 40 bytes on average).
    @inline(__always)
    func prefetchEdges(of p: LonLat) {
        let c = cell(of: p)
        guard c >= 0 else { return }
        let word = cells[c]
        guard word & Self.busyFlag != 0 else { return }
        let start = UnsafeRawPointer(cellEdges.baseAddress! + Int(busy[Int(word & ~Self.busyFlag)] >> 32))
        gridatlas_prefetch(start)
        gridatlas_prefetch(start + 64)
        gridatlas_prefetch(start + 128)
    }
}
