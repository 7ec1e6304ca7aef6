import Foundation
import GridDomain
import GridStore

/// Reports per responsible worker in a window, and how many of them are still open: the load a
/// dispatch centre balances and the figure monthly ratings start from.
public struct WorkerLoad: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var workerId: String
        /// The name on the worker's newest report in the window.
        public var name: String?
        public var count: Int
        /// Of those, neither closed nor rejected now.
        public var open: Int

        enum CodingKeys: String, CodingKey {
            case name, count, open
            case workerId = "worker_id"
        }
    }

    /// Reports with no responsible worker (filed outside coverage, waiting for manual dispatch).
    public struct Unassigned: Codable, Sendable, Equatable {
        public var count: Int
        public var open: Int
    }

    public var from: String
    public var to: String
    public var total: Int
    public var unassigned: Unassigned
    /// Most reports first; ties by worker id.
    public var rows: [Row]

    public init(counts: [WorkerCount], window: FigureWindow) {
        from = Dates.format(window.from)
        to = Dates.format(window.to)
        total = counts.reduce(0) { $0 + $1.reports }
        let none = counts.first { $0.workerId == nil }
        unassigned = Unassigned(count: none?.reports ?? 0, open: none?.open ?? 0)
        rows = counts.compactMap { count in
            count.workerId.map { Row(workerId: $0, name: count.name, count: count.reports, open: count.open) }
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.workerId < $1.workerId }
    }
}
