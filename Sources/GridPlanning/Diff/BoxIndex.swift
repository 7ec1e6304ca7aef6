import GridGeometry

/// Boxes bucketed in a uniform lon/lat grid: which boxes may meet a query box.
///
/// A redraw moves a few thousand units among tens of thousands; testing every moved old unit
/// against every moved new one would be millions of pairs, while each really meets a handful.
struct BoxIndex {
    private let boxes: [BoundingBox]
    private let origin: LonLat
    private let cell: (lon: Double, lat: Double)
    private let columns: Int
    private let rows: Int
    private var buckets: [[Int32]]

    init(_ boxes: [BoundingBox]) {
        self.boxes = boxes
        var all = BoundingBox.empty
        var width = 0.0, height = 0.0
        for box in boxes where !box.isEmpty {
            all.extend(box)
            width += box.maxLon - box.minLon
            height += box.maxLat - box.minLat
        }
        let n = Double(max(boxes.count, 1))
        // Cells about the size of a typical box: each box lands in a few cells, each cell holds a few boxes.
        let cellLon = max(width / n, 1e-9), cellLat = max(height / n, 1e-9)
        origin = all.isEmpty ? LonLat(0, 0) : LonLat(all.minLon, all.minLat)
        cell = (cellLon, cellLat)
        columns = all.isEmpty ? 1 : max(1, min(4096, Int(((all.maxLon - all.minLon) / cellLon).rounded(.up)) + 1))
        rows = all.isEmpty ? 1 : max(1, min(4096, Int(((all.maxLat - all.minLat) / cellLat).rounded(.up)) + 1))
        buckets = Array(repeating: [], count: columns * rows)
        for (i, box) in boxes.enumerated() where !box.isEmpty {
            let (c0, c1, r0, r1) = span(box)
            for r in r0...r1 {
                for c in c0...c1 { buckets[r * columns + c].append(Int32(i)) }
            }
        }
    }

    private func span(_ box: BoundingBox) -> (Int, Int, Int, Int) {
        func clampColumn(_ v: Double) -> Int { min(columns - 1, max(0, Int(((v - origin.lon) / cell.lon).rounded(.down)))) }
        func clampRow(_ v: Double) -> Int { min(rows - 1, max(0, Int(((v - origin.lat) / cell.lat).rounded(.down)))) }
        return (clampColumn(box.minLon), clampColumn(box.maxLon), clampRow(box.minLat), clampRow(box.maxLat))
    }

    /// Indexes of the boxes that meet `box` (touching counts), ascending.
    func candidates(meeting box: BoundingBox) -> [Int] {
        guard !box.isEmpty, !boxes.isEmpty else { return [] }
        let (c0, c1, r0, r1) = span(box)
        var found = Set<Int32>()
        for r in r0...r1 {
            for c in c0...c1 {
                for i in buckets[r * columns + c] where boxes[Int(i)].intersects(box) { found.insert(i) }
            }
        }
        return found.map(Int.init).sorted()
    }
}
