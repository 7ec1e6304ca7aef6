import Foundation
import GridDomain
import GridGeometry

/// Validates the topology of a generation: every tier covers its parent exactly once (no gaps,
/// no overlaps, nothing outside), every shape is valid and meant, every code fits. See
/// docs/validation.md for each problem kind and its severity.
///
/// Work is done family by family (a parent and its children), largest first, on `threads`
/// workers. Each worker has a GEOS context of its own, made before the work starts, and no
/// GEOS object crosses from one worker to another: only plain Swift values come back.
public struct TopologyCheck: Sendable {
    public var tolerances: TopologyTolerances
    /// Check only these tiers (the children's tier for gaps and overlaps); nil checks all.
    public var tiers: Set<Tier>?
    public var threads: Int

    public init(tolerances: TopologyTolerances = .standard, tiers: Set<Tier>? = nil,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.tolerances = tolerances
        self.tiers = tiers
        self.threads = max(1, threads)
    }

    public func run(_ units: [AreaUnit]) -> TopologyReport {
        check(units, established: nil)
    }

    /// What an import's validation already established about the units it brought, so that the
    /// gate it passes when published in one go does not establish it again.
    public struct Established: Sendable {
        /// Units (by index into the units checked) GEOS found valid.
        public var valid: Set<Int>
        /// Parents (by index) whose children, all valid, tile them exactly (``CoverageProof``).
        public var tiledParents: Set<Int>

        public init(valid: Set<Int>, tiledParents: Set<Int>) {
            self.valid = valid
            self.tiledParents = tiledParents
        }
    }

    /// The errors ``run(_:)`` finds, and only them, for a gate that asks whether `units` may be
    /// published: checks that can only warn (slivers, spikes, code sequence) are left out, and a
    /// family whose children `established` holds valid and tiling their parent is not checked
    /// again (it could only yield warnings). Code problems are located without GEOS.
    public func errors(in units: [AreaUnit], established: Established) -> TopologyReport {
        var report = check(units, established: established)
        report.problems.removeAll { $0.severity != .error }
        return report
    }

    private func check(_ units: [AreaUnit], established: Established?) -> TopologyReport {
        let families = UnitFamilies(units)
        let wanted = families.families.filter { family in
            guard tiers?.contains(family.tier) ?? true else { return false }
            guard let established, let parent = family.parent else { return true }
            return !(established.tiledParents.contains(parent) && family.children.allSatisfy(established.valid.contains))
        }
        // Largest families first, so that the last one to finish is a small one.
        let cost = wanted.map { family in
            family.children.reduce(family.parent.map { units[$0].geometry.vertexCount } ?? 0) { $0 + units[$1].geometry.vertexCount }
        }
        let order = wanted.indices.sorted { cost[$0] > cost[$1] }
        let tolerances = self.tolerances
        let errorsOnly = established != nil
        let budget = WorkBudget.current  // the threads below do not inherit it
        let outcomes = PerThread.geos(order.count, threads: threads) { geos, k in
            // Over budget: the report is thrown away (see WorkBudget), so skip what is left.
            if budget?.isSpent == true { return FamilyCheck.Outcome() }
            return FamilyCheck(geos: geos, units: units, tolerances: tolerances, errorsOnly: errorsOnly).run(wanted[order[k]])
        }
        var problems = outcomes.flatMap(\.problems)
        var points: [Int: LonLat] = [:]
        for outcome in outcomes { points.merge(outcome.points) { a, _ in a } }
        for (i, problem) in CodeCheck().problems(units, families: families) {
            var located = problem
            if let point = points[i] ?? units[i].geometry.polygons.first.map(ShapeCheck.inside) {
                located.location = point
                located.geometry = .points([point])
            }
            problems.append(located)
        }
        if let tiers { problems.removeAll { !tiers.contains($0.tier) } }
        let counted = tiers.map { chosen in units.count(where: { chosen.contains($0.tier) }) } ?? units.count
        return TopologyReport(tolerances: tolerances, unitCount: counted, problems: problems.sorted(by: TopologyProblem.listed))
    }
}
