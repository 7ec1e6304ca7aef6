import Foundation
import GridGeometry

/// The points of one batch request as read from its body, in input order, ready to resolve.
///
/// Kept as columns rather than one struct per point so that a million points are a handful of
/// arrays: positions in one contiguous buffer (what ``Locator/locate(_:into:)`` takes), ids as
/// bytes in one arena, and per-point CRS and moment as small indexes into tables of distinct
/// values, present only when some point names its own.
public struct PointBatch: Sendable {
    /// The largest batch accepted unless the caller configures another limit.
    public static let defaultMaxPoints = 100_000

    /// How an id was written, so that it is echoed the same way.
    enum IDKind: UInt8 {
        case none, string, number
    }

    /// Each point as sent (x, y in its CRS); NaN for a point that already failed when read.
    public internal(set) var positions: [LonLat] = []
    var idKinds: [IDKind] = []
    /// Where each point's id ends in `idBytes` (it starts where the previous one ends).
    var idEnds: [UInt32] = []
    /// Ids back to back: a string id decoded to UTF-8, a number id as written.
    var idBytes: [UInt8] = []
    /// Per point, an index into `crsTable`, or -1 for the request's default CRS. Empty when no
    /// point names its own.
    var crsIndex: [Int32] = []
    /// The distinct CRSs points name.
    public internal(set) var crsTable: [CRS] = []
    /// Per point, an index into `moments`, or -1 for the request's default moment. Empty when
    /// no point carries its own `at`.
    var momentIndex: [Int32] = []
    /// The distinct moments points carry.
    public internal(set) var moments: [Date] = []
    /// Why a point cannot be resolved, by index: "lat: 95 is outside -90..90".
    public internal(set) var problems: [Int: String] = [:]

    /// For answers that echo each point's record (the CLI's CSV): the bytes the points were read
    /// from, and per point where its record lies in them and the line it starts on. Empty for
    /// a request body, whose answers carry index and id instead.
    var source: [UInt8] = []
    var recordStarts: [Int] = []
    var recordEnds: [Int] = []
    var recordLines: [Int] = []
    /// Per point whose record has fewer fields than the header: how many it lacks (its echo is
    /// padded, so that its answer columns stay in place).
    var missingFields: [Int: Int] = [:]

    public init() {}

    public var count: Int { positions.count }

    /// An id as the caller sent it: a string, or a number's text as written.
    public enum PointID: Equatable, Sendable {
        case string(String)
        case number(String)
    }

    public func id(of index: Int) -> PointID? {
        let range = idRange(of: index)
        let text = idBytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        switch idKinds[index] {
        case .none: return nil
        case .string: return .string(text)
        case .number: return .number(text)
        }
    }

    func idRange(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : Int(idEnds[index - 1]))..<Int(idEnds[index])
    }

    /// The CRS a point named itself, or nil when it takes the request's default.
    public func crs(of index: Int) -> CRS? {
        guard !crsIndex.isEmpty, crsIndex[index] >= 0 else { return nil }
        return crsTable[Int(crsIndex[index])]
    }

    /// The moment a point carries itself, or nil when it takes the request's default.
    public func moment(of index: Int) -> Date? {
        guard !momentIndex.isEmpty, momentIndex[index] >= 0 else { return nil }
        return moments[Int(momentIndex[index])]
    }

    // MARK: Reading

    /// Reads a request body. Fails only when the body as a whole is unreadable or holds more
    /// than `maxPoints` points; a bad point is kept with its problem in ``problems``.
    public static func parse(_ body: UnsafeRawBufferPointer, format: BatchFormat,
                             maxPoints: Int = defaultMaxPoints) throws(BatchInputError) -> PointBatch {
        let bytes = body.assumingMemoryBound(to: UInt8.self)
        var builder = PointBatchBuilder(maxPoints: maxPoints, expected: min(maxPoints, bytes.count / 16 + 1))
        switch format {
        case .json:
            var reader = JSONPointReader(bytes)
            try reader.read(into: &builder)
        case .geojson:
            var reader = GeoJSONPointReader(bytes)
            try reader.read(into: &builder)
        case .csv:
            var reader = CSVPointReader(bytes)
            try reader.read(into: &builder)
        }
        return builder.finish()
    }

    public static func parse(_ body: [UInt8], format: BatchFormat, maxPoints: Int = defaultMaxPoints) throws(BatchInputError) -> PointBatch {
        try body.withUnsafeBytes { raw in Result { () throws(BatchInputError) in try parse(raw, format: format, maxPoints: maxPoints) } }.get()
    }

    public static func parse(_ body: Data, format: BatchFormat, maxPoints: Int = defaultMaxPoints) throws(BatchInputError) -> PointBatch {
        try body.withUnsafeBytes { raw in Result { () throws(BatchInputError) in try parse(raw, format: format, maxPoints: maxPoints) } }.get()
    }
}
