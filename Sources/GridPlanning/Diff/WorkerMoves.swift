import Foundation
import GridDomain

/// Workers whose unit is removed, re-coded (its code gone, its ground under new codes) or
/// reshaped by a redraw: whom a planner must re-assign or brief, and where their ground went.
public struct WorkerMoves: Codable, Sendable, Equatable {
    public struct Affected: Codable, Sendable, Equatable {
        public var workerId: String
        public var name: String
        public var role: String
        /// The unit the worker serves under the old boundaries.
        public var unit: String
        /// `removed` (code gone: removed or re-coded) or `changed` (geometry changed).
        public var change: String
        /// The new units holding its ground, largest share first (itself when it keeps ground).
        public var successors: [UnitFate.Destination]

        enum CodingKeys: String, CodingKey {
            case name, role, unit, change, successors
            case workerId = "worker_id"
        }
    }

    /// The moment the roster was read at (ISO 8601).
    public var at: String
    /// Distinct workers listed.
    public var workersAffected: Int
    public var unitsAffected: Int
    /// By unit code, then role (leader, full-time, part-time), then worker id.
    public var workers: [Affected]

    enum CodingKeys: String, CodingKey {
        case at, workers
        case workersAffected = "workers_affected"
        case unitsAffected = "units_affected"
    }

    /// - Parameters:
    ///   - successors: at most this many destinations per worker (the largest shares).
    public init(roster: Roster, diff: TierDiff, at: Date, successors: Int = 3) {
        var workers: [Affected] = []
        var units = Set<String>()
        for fate in diff.fates {
            let serving = roster.workers(of: fate.code, at: at)
            guard !serving.isEmpty else { continue }
            units.insert(fate.code)
            for entry in serving {
                workers.append(Affected(workerId: entry.workerId, name: entry.name, role: entry.role.rawValue, unit: fate.code,
                                        change: fate.status, successors: Array(fate.destinations.prefix(max(0, successors)))))
            }
        }
        self.at = Dates.format(at)
        self.workers = workers
        workersAffected = Set(workers.map(\.workerId)).count
        unitsAffected = units.count
    }
}
