import Foundation
import GridDomain
import GridPlanning

extension Atlas {
    /// Households per grid against `range` and reports per worker over the last `days` days, for
    /// the base generation (`against`, else the one in force) and `name` side by side.
    ///
    /// Both sides count the same stored reports, each located under its own boundaries, and the
    /// roster at `now`: a grid that keeps its code keeps its workers, a new code has none until
    /// the roster names some (it shows as unstaffed).
    public func balance(_ name: String, against: String? = nil, range: HouseholdRange = .standard, days: Int = 90,
                        at now: Date = Date()) throws -> BalanceComparison {
        let since = try Self.windowStart(days: days, before: now)
        let (old, new) = try pair(name, against: against, at: now)
        let reports = try reportPositions(since: since, until: now)
        let roster = try roster()
        func balance(of generation: Generation) throws -> Balance {
            let grids = try store.units(inGeneration: generation.id).filter { $0.tier == .grid }
            let counts = ReportTally.counts(reports, locator: try locator(for: generation), tier: .grid)
            let workers = Dictionary(uniqueKeysWithValues: grids.map { ($0.code, roster.workers(of: $0.code, at: now).count) })
            return Balance(generation: generation.name, grids: grids, reports: counts, workers: workers, range: range)
        }
        var comparison = BalanceComparison(range: range, before: try balance(of: old), after: try balance(of: new))
        comparison.days = days
        comparison.reportsSince = Dates.format(since)
        comparison.reportsUntil = Dates.format(now)
        return comparison
    }
}
