/// What the table of an index file says of one tier: its grid and the lengths of its arrays.
struct TierEntry {
    static let width = 15

    var grid: CellGrid
    var unitLimit: Int, edgeCount: Int
    var cells: Int, busy: Int, cellEdges: Int, segments: Int, nodes: Int, leaves: Int

    init(_ index: TierIndex) {
        grid = index.grid
        unitLimit = index.unitLimit
        edgeCount = index.edgeCount
        cells = index.cells.count
        busy = index.busy.count
        cellEdges = index.cellEdges.count
        segments = index.boundary.segments.count
        nodes = index.boundary.nodes.count
        leaves = index.boundary.leafCount
    }

    var words: [UInt64] {
        [1, grid.minX.bitPattern, grid.minY.bitPattern, grid.cellW.bitPattern, grid.cellH.bitPattern,
         UInt64(grid.columns), UInt64(grid.rows), UInt64(unitLimit), UInt64(edgeCount),
         UInt64(cells), UInt64(busy), UInt64(cellEdges), UInt64(segments), UInt64(nodes), UInt64(leaves)]
    }

    /// The entry the words describe, nil for a tier without units; refused when its numbers
    /// cannot describe an index.
    init?(words w: [UInt64], unitCount: Int) throws(LocatorImageError) {
        guard w[0] != 0 else { return nil }
        guard w[0] == 1 else { throw .damaged("a tier entry is malformed") }
        let limit = UInt64(1) << 40
        guard w[5...].allSatisfy({ $0 < limit }) else { throw .damaged("a tier's sizes are out of range") }
        let minX = Double(bitPattern: w[1]), minY = Double(bitPattern: w[2])
        let cellW = Double(bitPattern: w[3]), cellH = Double(bitPattern: w[4])
        let columns = Int(w[5]), rows = Int(w[6])
        guard minX.isFinite, minY.isFinite, cellW.isFinite, cellH.isFinite, cellW > 0, cellH > 0,
              (1...8192).contains(columns), (1...8192).contains(rows) else { throw .damaged("a tier's grid is malformed") }
        grid = CellGrid(minX: minX, minY: minY, cellW: cellW, cellH: cellH, columns: columns, rows: rows)
        unitLimit = Int(w[7])
        edgeCount = Int(w[8])
        cells = Int(w[9]); busy = Int(w[10]); cellEdges = Int(w[11])
        segments = Int(w[12]); nodes = Int(w[13]); leaves = Int(w[14])
        guard unitLimit == unitCount, cells == columns * rows, leaves <= nodes, (segments == 0) == (nodes == 0) else {
            throw .damaged("a tier's sizes disagree")
        }
    }

    /// Every reference between the arrays stays inside them, and the nearest-boundary search
    /// only ever moves down the tree: a file that passes cannot make a lookup read out of bounds
    /// or loop. Linear, a few milliseconds at city size.
    func check(cells: UnsafeBufferPointer<UInt32>, busy: UnsafeBufferPointer<UInt64>, cellEdges: UnsafeBufferPointer<TierIndex.Edge>,
               segments: UnsafeBufferPointer<BoundaryTree.Segment>, nodes: UnsafeBufferPointer<BoundaryTree.Node>) throws(LocatorImageError) {
        let flag = TierIndex.busyFlag
        if cells.contains(where: { $0 & flag != 0 ? Int($0 & ~flag) >= busy.count : Int($0) > unitLimit }) {
            throw .damaged("a cell points outside the index")
        }
        if busy.contains(where: { Int($0 >> 32) + Int($0 & 0x3FFF_FFFF) > cellEdges.count }) {
            throw .damaged("a cell's edge list runs past the edges")
        }
        if cellEdges.contains(where: { !($0.left >= 0 && Int($0.left) < unitLimit && $0.right >= -1 && Int($0.right) < unitLimit) }) {
            throw .damaged("an edge names a unit that does not exist")
        }
        if segments.contains(where: { !($0.unit >= 0 && Int($0.unit) < unitLimit) }) {
            throw .damaged("a boundary segment names a unit that does not exist")
        }
        for (k, node) in nodes.enumerated() {
            let first = Int(node.first), end = first + Int(node.count)
            let fits = k < leaves ? (first >= 0 && end <= segments.count) : (first >= 0 && end <= k)
            guard node.count > 0, fits else { throw .damaged("a boundary tree node is malformed") }
        }
    }
}

extension LocatorImage {
    /// Steps through a mapped file: checks the envelope once, then hands out aligned arrays.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        let payloadStart: Int
        let payloadEnd: Int
        var offset: Int

        init(_ bytes: UnsafeRawBufferPointer, key: String) throws(LocatorImageError) {
            self.bytes = bytes
            let a = LocatorImage.alignment
            guard bytes.count >= 2 * a, bytes.count % a == 0, let base = bytes.baseAddress,
                  Int(bitPattern: base) % 8 == 0 else { throw .notAnIndex }
            func word(_ at: Int) -> UInt64 { bytes.load(fromByteOffset: at, as: UInt64.self) }
            guard word(0) == LocatorImage.magic else { throw .notAnIndex }
            let version = UInt32(truncatingIfNeeded: word(8)), layout = UInt32(truncatingIfNeeded: word(8) >> 32)
            guard version == LocatorImage.formatVersion, layout == LocatorImage.layout else { throw .otherFormat(version: version) }
            let keyLength = Int(min(word(16), UInt64(bytes.count)))
            let keyEnd = a + keyLength
            guard keyEnd <= bytes.count - a else { throw .notAnIndex }
            let found = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[a..<keyEnd]), as: UTF8.self)
            guard found == key else { throw .otherKey(found: found) }
            payloadStart = (keyEnd + a - 1) / a * a
            payloadEnd = bytes.count - a
            guard word(payloadEnd + 16) == LocatorImage.magic, payloadStart <= payloadEnd,
                  word(payloadEnd) == UInt64(payloadEnd - payloadStart) else { throw .notAnIndex }
            let sum = ImageChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<payloadEnd]))
            guard sum == word(payloadEnd + 8) else { throw .damaged("the checksum does not match") }
            offset = payloadStart
        }

        var atEnd: Bool { offset == payloadEnd }

        /// Word `k` of the table at the start of the payload.
        func word(_ k: Int) throws(LocatorImageError) -> UInt64 {
            guard payloadStart + 8 * (k + 1) <= payloadEnd else { throw .damaged("the table is cut short") }
            return bytes.load(fromByteOffset: payloadStart + 8 * k, as: UInt64.self)
        }

        func wordOrZero(_ k: Int) -> UInt64 { (try? word(k)) ?? 0 }

        func count(_ value: UInt64) throws(LocatorImageError) -> Int {
            guard value < UInt64(1) << 40 else { throw .damaged("a count is out of range") }
            return Int(value)
        }

        mutating func skip(words: Int) throws(LocatorImageError) {
            try advance(by: 8 * words)
        }

        /// The next `count` values of `T`, pointing into the mapping.
        mutating func array<T>(_ type: T.Type, count: Int) throws(LocatorImageError) -> UnsafeBufferPointer<T> {
            let start = offset
            try advance(by: count * MemoryLayout<T>.stride)
            let pointer = (bytes.baseAddress! + start).assumingMemoryBound(to: T.self)
            return UnsafeBufferPointer(start: pointer, count: count)
        }

        private mutating func advance(by length: Int) throws(LocatorImageError) {
            let a = LocatorImage.alignment
            let padded = (length + a - 1) / a * a
            guard length >= 0, offset + padded <= payloadEnd else { throw .damaged("an array runs past the end of the file") }
            offset += padded
        }
    }
}
