import Foundation
import GridGeometry

/// The uniform grid of cells a ``TierIndex`` buckets edges into: square on the ground, sized from
/// the number of edges, and the one place that maps between positions and cells.
struct CellGrid: Sendable {
    let minX: Double, minY: Double
    let cellW: Double, cellH: Double
    let invW: Double, invH: Double
    let columns: Int, rows: Int

    var count: Int { columns * rows }
    var bounds: BoundingBox {
        BoundingBox(minLon: minX, minLat: minY, maxLon: minX + Double(columns) * cellW, maxLat: minY + Double(rows) * cellH)
    }

    init(covering raw: BoundingBox, edgeCount: Int, cellsPerEdge: Double) {
        var box = raw.isEmpty ? BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1) : raw
        // A margin so that points on the outermost edges fall inside the grid.
        let padX = max((box.maxLon - box.minLon) * 1e-6, 1e-9)
        let padY = max((box.maxLat - box.minLat) * 1e-6, 1e-9)
        box = BoundingBox(minLon: box.minLon - padX, minLat: box.minLat - padY,
                          maxLon: box.maxLon + padX, maxLat: box.maxLat + padY)
        // Cells square on the ground: a degree of longitude shrinks with cos(latitude).
        let midLat = (box.minLat + box.maxLat) / 2 * .pi / 180
        let groundW = (box.maxLon - box.minLon) * max(cos(midLat), 0.01)
        let groundH = box.maxLat - box.minLat
        let target = min(max(Double(edgeCount) * cellsPerEdge, 1), 16_000_000)
        let side = (groundW * groundH / target).squareRoot()
        columns = max(1, min(Int((groundW / side).rounded(.up)), 8192))
        rows = max(1, min(Int((groundH / side).rounded(.up)), 8192))
        minX = box.minLon
        minY = box.minLat
        cellW = (box.maxLon - box.minLon) / Double(columns)
        cellH = (box.maxLat - box.minLat) / Double(rows)
        invW = 1 / cellW
        invH = 1 / cellH
    }

    /// A grid with these exact parameters (read back from an index file): the derived values are
    /// computed as when it was built, so every lookup answers the same.
    init(minX: Double, minY: Double, cellW: Double, cellH: Double, columns: Int, rows: Int) {
        self.minX = minX
        self.minY = minY
        self.cellW = cellW
        self.cellH = cellH
        self.columns = columns
        self.rows = rows
        invW = 1 / cellW
        invH = 1 / cellH
    }

    /// West edge of column `c`; the east edge of `c` is `left(c + 1)`, computed the same way, so
    /// a crossing on the line between two cells is counted in exactly one of them.
    @inline(__always) func left(_ c: Int) -> Double { minX + Double(c) * cellW }

    /// South edge of row `r`, the same way.
    @inline(__always) func bottom(_ r: Int) -> Double { minY + Double(r) * cellH }

    /// Every cell, tile by tile (8×8 cells, tiles row by row), each tile's cells row by row.
    func forEachCellTileMajor(_ body: (Int) -> Void) {
        for tileRow in stride(from: 0, to: rows, by: 8) {
            for tileCol in stride(from: 0, to: columns, by: 8) {
                for r in tileRow..<min(rows, tileRow + 8) {
                    for c in tileCol..<min(columns, tileCol + 8) { body(r * columns + c) }
                }
            }
        }
    }

    func clampCol(_ c: Int) -> Int { min(max(c, 0), columns - 1) }
    func clampRow(_ r: Int) -> Int { min(max(r, 0), rows - 1) }
    func column(_ x: Double) -> Int { clampCol(Int(((x - minX) * invW).rounded(.down))) }
    func row(_ y: Double) -> Int { clampRow(Int(((y - minY) * invH).rounded(.down))) }

    /// Calls `body(cell, edgeIndex)` for every cell a segment passes through. A margin of 1e-6 cell
    /// keeps segments that only touch a cell, so rounding can never leave a crossing unbucketed.
    func forEachCell(ofSegments segments: [(ax: Double, ay: Double, bx: Double, by: Double)], _ body: (Int, Int) -> Void) {
        let margin = 1e-6
        for (index, s) in segments.enumerated() {
            let c0 = clampCol(Int(((min(s.ax, s.bx) - minX) * invW - margin).rounded(.down)))
            let c1 = clampCol(Int(((max(s.ax, s.bx) - minX) * invW + margin).rounded(.down)))
            let r0 = clampRow(Int(((min(s.ay, s.by) - minY) * invH - margin).rounded(.down)))
            let r1 = clampRow(Int(((max(s.ay, s.by) - minY) * invH + margin).rounded(.down)))
            let small = c1 - c0 <= 1 && r1 - r0 <= 1
            for r in r0...r1 {
                for c in c0...c1 where small || touches(s, col: c, row: r, margin: margin) {
                    body(r * columns + c, index)
                }
            }
        }
    }

    /// Separating-axis test between a segment and a slightly enlarged cell whose boxes overlap:
    /// they are apart only when all four corners lie strictly on one side of the segment's line.
    private func touches(_ s: (ax: Double, ay: Double, bx: Double, by: Double), col: Int, row: Int, margin: Double) -> Bool {
        let x0 = minX + (Double(col) - margin) * cellW, x1 = minX + (Double(col + 1) + margin) * cellW
        let y0 = minY + (Double(row) - margin) * cellH, y1 = minY + (Double(row + 1) + margin) * cellH
        let dx = s.bx - s.ax, dy = s.by - s.ay
        var positive = false, negative = false
        for (x, y) in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
            let side = dx * (y - s.ay) - dy * (x - s.ax)
            if side >= 0 { positive = true }
            if side <= 0 { negative = true }
        }
        return positive && negative
    }

    /// Distance in metres (local frame with scales kx, ky) from `p` to cell (c, r).
    func distance(from p: LonLat, toCell c: Int, _ r: Int, kx: Double, ky: Double) -> Double {
        let x0 = left(c), x1 = left(c + 1)
        let y0 = minY + Double(r) * cellH, y1 = minY + Double(r + 1) * cellH
        let dx = p.lon < x0 ? (x0 - p.lon) * kx : (p.lon > x1 ? (p.lon - x1) * kx : 0)
        let dy = p.lat < y0 ? (y0 - p.lat) * ky : (p.lat > y1 ? (p.lat - y1) * ky : 0)
        return (dx * dx + dy * dy).squareRoot()
    }
}
