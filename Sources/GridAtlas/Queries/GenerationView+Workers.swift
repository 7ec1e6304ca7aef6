import Foundation
import GridDomain

extension GenerationView {
    /// The workers serving unit `id` at `at`: those assigned to it or to any unit below it, each
    /// once, leaders first then by worker id. For a grid, its own roster.
    public func workers(of id: Int32, roster: Roster, at: Date) -> [RosterEntry] {
        var seen = Set<String>()
        return subtree(of: id)
            .flatMap { roster.workers(of: locator.units[Int($0)].code, at: at) }
            .filter { seen.insert($0.workerId).inserted }
            .sorted { ($0.role, $0.workerId) < ($1.role, $1.workerId) }
    }
}
