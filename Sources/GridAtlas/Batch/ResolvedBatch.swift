import Foundation
import GridDomain
import GridGeometry

/// Every point of a batch resolved, in input order, ready to be written as JSON or CSV.
public struct ResolvedBatch: Sendable {
    /// The nearest grid of a point no grid contains.
    struct NearestHit: Sendable {
        var index: Int32
        var unit: Int32
        /// Geodesic metres, rounded to centimetres as ``Answerer`` does.
        var metres: Double
    }

    public let batch: PointBatch
    public let options: BatchOptions
    let contexts: AnswerContexts
    /// Per point: the units found (meaningful where `owners` is not -1).
    let locations: [Location]
    /// Per point: the index of the context that answered it, or -1 when it has a problem.
    let owners: [Int32]
    /// Per point: the position in WGS84.
    let wgs: [LonLat]
    /// Points no grid contains that have a nearest grid, by ascending index.
    let nearest: [NearestHit]
    /// Why a point got no answer, by index: problems found when reading and when resolving.
    public let problems: [Int: String]
    /// The generation that answered every resolved point; nil when points were answered by
    /// different generations (points with their own `at` across a redraw).
    public let generationName: String?

    public var count: Int { owners.count }
    public var errorCount: Int { problems.count }

    /// Where point `index` fell, or nil when it has a problem.
    public func location(of index: Int) -> Location? {
        owners[index] >= 0 ? locations[index] : nil
    }

    /// The generation that answered point `index`, or nil when it has a problem.
    public func generation(of index: Int) -> Generation? {
        owners[index] >= 0 ? contexts.contexts[Int(owners[index])].generation : nil
    }

    /// The bytes of the answer in `format`.
    public func write(_ format: BatchAnswerFormat) -> [UInt8] {
        switch format {
        case .json: BatchJSONWriter(self).write()
        case .csv: BatchCSVWriter(self).write()
        }
    }

    /// The rows of the CLI's CSV answer: each point's record as read, then its answer; errors
    /// name the line. The header is written once per file, by ``CSVFileResolver``, which keeps
    /// the answers' fragments in `cache` from one chunk to the next.
    func writeEchoingRecords(cache: FragmentCache) -> [UInt8] {
        BatchCSVWriter(self, leading: .record, cache: cache).writeRows()
    }

    /// Slices of about `size` points each, for writers that work on every core.
    func slices(size: Int = 32_768) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// The first entry of `nearest` at or after point `index`.
    func firstNearest(from index: Int) -> Int {
        var low = 0, high = nearest.count
        while low < high {
            let mid = (low + high) / 2
            if Int(nearest[mid].index) < index { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
