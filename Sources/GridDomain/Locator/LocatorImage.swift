import Foundation

/// Where an encoded Locator goes: an index file, in practice (GridStore writes it beside the store).
public protocol LocatorImageSink {
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A Locator as bytes that can be mapped back without rebuilding anything: the tier indexes'
/// buffers exactly as they lie in memory, 64-byte aligned, so that a reader points into a
/// read-only mapping of the file instead of copying.
///
/// Layout: a 64-byte header (magic, format version, a signature of the in-memory layouts, the
/// length of the key), the key (what the index was built from: the caller's words, checked on
/// reading), the payload (a table of counts, then the arrays it announces), and a 64-byte trailer
/// (payload length, checksum of the payload, magic). A file cut short, written by another format
/// version or for another generation, or damaged anywhere, is refused with the reason; it is never
/// trusted blindly.
public enum LocatorImage {
    /// Raised whenever the layout of what is written changes; older files are then rebuilt.
    public static let formatVersion: UInt32 = 1
    static let magic: UInt64 = 0x3158_4544_4E49_4147  // "GAINDEX1" in little-endian byte order
    static let alignment = 64

    /// The sizes the arrays are mapped with: a file written by a build with other layouts is refused.
    static var layout: UInt32 {
        UInt32(MemoryLayout<TierIndex.Edge>.stride) << 24 | UInt32(MemoryLayout<BoundaryTree.Segment>.stride) << 16
            | UInt32(MemoryLayout<BoundaryTree.Node>.stride) << 8 | UInt32(MemoryLayout<UInt64>.stride)
    }

    // MARK: Writing

    /// Writes `locator` with `key` (e.g. the generation's identity in the store).
    public static func write(_ locator: Locator, key: String, to sink: inout some LocatorImageSink) throws {
        var writer = Writer(sink: sink)
        var header = [UInt64](repeating: 0, count: 8)
        header[0] = magic
        header[1] = UInt64(formatVersion) | UInt64(layout) << 32
        header[2] = UInt64(key.utf8.count)
        try writer.raw(header, hashed: false)
        try writer.raw(Array(key.utf8), hashed: false)

        let units = locator.units
        var codes: [UInt8] = [], codeEnds: [UInt32] = [], nameEnds: [UInt32] = []
        for unit in units {
            codes.append(contentsOf: unit.code.utf8)
            codeEnds.append(UInt32(codes.count))
            codes.append(contentsOf: unit.name.utf8)
            nameEnds.append(UInt32(codes.count))
        }
        var table: [UInt64] = [UInt64(units.count), UInt64(codes.count)]
        for index in locator.indexes {
            guard let index else {
                table += [UInt64](repeating: 0, count: TierEntry.width)
                continue
            }
            table += TierEntry(index).words
        }
        try writer.raw(table, hashed: true)
        try writer.raw(units.map { UInt8($0.tier.depth) }, hashed: true)
        try writer.raw(units.map(\.parent), hashed: true)
        try writer.raw(codeEnds, hashed: true)
        try writer.raw(nameEnds, hashed: true)
        try writer.raw(codes, hashed: true)
        for index in locator.indexes {
            guard let index else { continue }
            try writer.buffer(UnsafeRawBufferPointer(index.cells))
            try writer.buffer(UnsafeRawBufferPointer(index.busy))
            try writer.buffer(UnsafeRawBufferPointer(index.cellEdges))
            try writer.buffer(UnsafeRawBufferPointer(index.boundary.segments))
            try writer.buffer(UnsafeRawBufferPointer(index.boundary.nodes))
        }
        let trailer: [UInt64] = [writer.payloadLength, writer.checksum.value, magic, 0, 0, 0, 0, 0]
        try writer.raw(trailer, hashed: false)
        sink = writer.sink
    }

    /// Appends aligned pieces to a sink, keeping the checksum of the payload.
    private struct Writer<Sink: LocatorImageSink> {
        var sink: Sink
        var checksum = ImageChecksum()
        var payloadLength: UInt64 = 0
        static var zeros: [UInt8] { [UInt8](repeating: 0, count: LocatorImage.alignment) }

        mutating func raw<T>(_ values: [T], hashed: Bool) throws {
            try values.withUnsafeBytes { try buffer($0, hashed: hashed) }
        }

        mutating func buffer(_ bytes: UnsafeRawBufferPointer, hashed: Bool = true) throws {
            let padding = (LocatorImage.alignment - bytes.count % LocatorImage.alignment) % LocatorImage.alignment
            try sink.write(bytes)
            try Self.zeros.withUnsafeBytes { zeros in
                let pad = UnsafeRawBufferPointer(rebasing: zeros[0..<padding])
                try sink.write(pad)
                if hashed {
                    checksum.update(bytes)
                    checksum.update(pad)
                    payloadLength += UInt64(bytes.count + padding)
                }
            }
        }
    }

    // MARK: Reading

    /// The Locator in `bytes` (a read-only mapping of an index file that `owner` keeps alive),
    /// after checking that it is whole, undamaged, of this format and built from `key`.
    public static func read(_ bytes: UnsafeRawBufferPointer, owner: AnyObject, key: String) throws(LocatorImageError) -> Locator {
        var reader = try Reader(bytes, key: key)
        let unitCount = try reader.count(reader.word(0)), stringBytes = try reader.count(reader.word(1))
        var entries: [TierEntry?] = []
        for t in 0..<Tier.allCases.count {
            let words = (0..<TierEntry.width).map { reader.wordOrZero(2 + t * TierEntry.width + $0) }
            entries.append(try TierEntry(words: words, unitCount: unitCount))
        }
        try reader.skip(words: 2 + Tier.allCases.count * TierEntry.width)
        let tiers = try reader.array(UInt8.self, count: unitCount)
        let parents = try reader.array(Int32.self, count: unitCount)
        let codeEnds = try reader.array(UInt32.self, count: unitCount)
        let nameEnds = try reader.array(UInt32.self, count: unitCount)
        let strings = try reader.array(UInt8.self, count: stringBytes)
        var units: [Locator.UnitRef] = []
        units.reserveCapacity(unitCount)
        var start = 0
        for i in 0..<unitCount {
            let codeEnd = Int(codeEnds[i]), nameEnd = Int(nameEnds[i])
            guard start <= codeEnd, codeEnd <= nameEnd, nameEnd <= strings.count, Int(tiers[i]) < Tier.allCases.count,
                  parents[i] >= -1, Int(parents[i]) < unitCount else { throw .damaged("unit \(i) is malformed") }
            let code = String(decoding: UnsafeBufferPointer(rebasing: strings[start..<codeEnd]), as: UTF8.self)
            let name = String(decoding: UnsafeBufferPointer(rebasing: strings[codeEnd..<nameEnd]), as: UTF8.self)
            units.append(Locator.UnitRef(code: code, name: name, tier: Tier.allCases[Int(tiers[i])], parent: parents[i]))
            start = nameEnd
        }
        var indexes: [TierIndex?] = []
        for entry in entries {
            guard let entry else {
                indexes.append(nil)
                continue
            }
            let cells = try reader.array(UInt32.self, count: entry.cells)
            let busy = try reader.array(UInt64.self, count: entry.busy)
            let cellEdges = try reader.array(TierIndex.Edge.self, count: entry.cellEdges)
            let segments = try reader.array(BoundaryTree.Segment.self, count: entry.segments)
            let nodes = try reader.array(BoundaryTree.Node.self, count: entry.nodes)
            try entry.check(cells: cells, busy: busy, cellEdges: cellEdges, segments: segments, nodes: nodes)
            let tree = BoundaryTree(segments: segments, nodes: nodes, leafCount: entry.leaves, owner: owner)
            indexes.append(TierIndex(grid: entry.grid, unitLimit: entry.unitLimit, edgeCount: entry.edgeCount, cells: cells,
                                     busy: busy, cellEdges: cellEdges, boundary: tree, memory: owner))
        }
        guard reader.atEnd else { throw .damaged("the payload is longer than its table says") }
        return Locator(units: units, indexes: indexes)
    }
}

/// Why an index file was not used; the caller rebuilds it from the store.
public enum LocatorImageError: Error, Equatable, CustomStringConvertible {
    /// Not an index file at all, or cut short.
    case notAnIndex
    /// Written by another format version (or a build with other memory layouts).
    case otherFormat(version: UInt32)
    /// Built from something else than what was asked for.
    case otherKey(found: String)
    /// The checksum or the structure does not hold.
    case damaged(String)

    public var description: String {
        switch self {
        case .notAnIndex: "not an index file, or cut short"
        case .otherFormat(let version): "written in index format \(version); this build reads format \(LocatorImage.formatVersion)"
        case .otherKey(let found): "built for '\(found)', not for this generation"
        case .damaged(let reason): "damaged: \(reason)"
        }
    }
}
