import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import GridStore

/// A generation diff as the API answers it: the tier's diff, the stored reports that would land
/// in another unit, and the workers whose unit changes.
public struct GenerationDiffAnswer: Codable, Sendable {
    public struct Summary: Codable, Sendable {
        public var added: Int
        public var removed: Int
        public var changed: Int
        public var unchanged: Int
        public var flows: Int
        public var areaMovedM2: Double
        public var householdsMoved: Double
        public var populationMoved: Double
        public var reportsRelocated: Int
        public var workersAffected: Int

        enum CodingKeys: String, CodingKey {
            case added, removed, changed, unchanged, flows
            case areaMovedM2 = "area_moved_m2"
            case householdsMoved = "households_moved"
            case populationMoved = "population_moved"
            case reportsRelocated = "reports_relocated"
            case workersAffected = "workers_affected"
        }
    }

    /// The base (old) generation and the one compared with it (new, usually a draft).
    public var old: String
    public var new: String
    public var tier: Tier
    public var days: Int
    public var reportsSince: String
    public var reportsUntil: String
    public var summary: Summary
    public var diff: TierDiff
    public var reports: ReportMoves
    public var workers: WorkerMoves

    enum CodingKeys: String, CodingKey {
        case old, new, tier, days, summary, diff, reports, workers
        case reportsSince = "reports_since"
        case reportsUntil = "reports_until"
    }
}

extension Atlas {
    /// Report windows a diff or balance accepts, in days.
    public static let planningDays = 1...3650

    /// The generation `name` is compared with when the caller names none: the one in force at
    /// `now`, or when `name` is that one, the published one before it.
    public func baseGeneration(for name: String, at now: Date) throws -> Generation {
        let all = try generations()
        guard let target = all.first(where: { $0.name == name }) else { throw StoreError.generationNotFound(name) }
        if let inForce = all.inForce(at: now), inForce.name != name { return inForce }
        let earlier = all.filter { other in
            guard other.state == .published, other.name != name, let from = other.effectiveFrom else { return false }
            guard let targetFrom = target.effectiveFrom else { return true }
            return from < targetFrom
        }
        guard let previous = earlier.max(by: { ($0.effectiveFrom ?? .distantPast) < ($1.effectiveFrom ?? .distantPast) }) else {
            throw PlanningError.nothingToCompare(name)
        }
        return previous
    }

    /// The old and new generations: `against` by name, else ``baseGeneration(for:at:)``.
    func pair(_ name: String, against: String?, at now: Date) throws -> (old: Generation, new: Generation) {
        let new = try generation(named: name, at: now)
        let old = try against.map { try generation(named: $0, at: now) } ?? baseGeneration(for: name, at: now)
        return (old, new)
    }

    /// One tier of the diff between `against` (old) and `name` (new), geometry only: what the
    /// GeoJSON layers draw.
    public func tierDiff(_ name: String, against: String? = nil, tier: Tier = .grid, at now: Date = Date())
        throws -> (old: Generation, new: Generation, diff: TierDiff) {
        let (old, new) = try pair(name, against: against, at: now)
        let before = try store.units(inGeneration: old.id).filter { $0.tier == tier }
        let after = try store.units(inGeneration: new.id).filter { $0.tier == tier }
        do {
            let diff = try TierDiff(tier: tier, old: before, new: after)
            return (old, new, diff)
        } catch {
            throw PlanningError.geometry(error)
        }
    }

    /// The full diff: geometry, reports of the last `days` days relocated, workers affected (the
    /// roster at `now`).
    public func generationDiff(_ name: String, against: String? = nil, tier: Tier = .grid, days: Int = 90,
                               samples: Int = 10, at now: Date = Date()) throws -> GenerationDiffAnswer {
        let since = try Self.windowStart(days: days, before: now)
        let (old, new, diff) = try tierDiff(name, against: against, tier: tier, at: now)
        let reports = try reportPositions(since: since, until: now)
        let moves = ReportMoves(reports: reports, old: try locator(for: old), new: try locator(for: new), tier: tier, samplesPerPair: samples)
        let workers = WorkerMoves(roster: try roster(), diff: diff, at: now)
        let summary = GenerationDiffAnswer.Summary(
            added: diff.added.count, removed: diff.removed.count, changed: diff.changed.count, unchanged: diff.unchanged,
            flows: diff.totals.flows, areaMovedM2: diff.totals.areaM2, householdsMoved: diff.totals.households,
            populationMoved: diff.totals.population, reportsRelocated: moves.relocated, workersAffected: workers.workersAffected)
        return GenerationDiffAnswer(old: old.name, new: new.name, tier: tier, days: days, reportsSince: Dates.format(since),
                                    reportsUntil: Dates.format(now), summary: summary, diff: diff, reports: moves, workers: workers)
    }

    static func windowStart(days: Int, before now: Date) throws -> Date {
        guard planningDays.contains(days) else {
            throw PlanningError.badParameter(name: "days", reason: "must be \(planningDays.lowerBound)...\(planningDays.upperBound), got \(days)")
        }
        return now.addingTimeInterval(-Double(days) * 86_400)
    }

    func reportPositions(since: Date, until: Date) throws -> [ReportPoint] {
        try store.reportPositions(since: since, until: until).map {
            ReportPoint(id: $0.id, position: LonLat($0.lon, $0.lat), requestedAt: $0.requestedAt)
        }
    }
}
