import Dispatch
import Foundation
import GridDomain
import GridGeometry
import Synchronization

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
        let families = UnitFamilies(units)
        let wanted = families.families.filter { tiers?.contains($0.tier) ?? true }
        // Largest families first, so that the last one to finish is a small one.
        let cost = wanted.map { family in
            family.children.reduce(family.parent.map { units[$0].geometry.vertexCount } ?? 0) { $0 + units[$1].geometry.vertexCount }
        }
        let order = wanted.indices.sorted { cost[$0] > cost[$1] }
        let tolerances = self.tolerances
        let outcomes = Self.parallel(order.count, threads: threads) { geos, k in
            FamilyCheck(geos: geos, units: units, tolerances: tolerances).run(wanted[order[k]])
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

    /// Runs `body` for 0..<count on `threads` workers, each with its own GEOS context, and
    /// returns the results in index order.
    static func parallel<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (GEOSContext, Int) -> T) -> [T] {
        let workers = (0..<min(threads, max(count, 1))).map { _ in Worker() }
        let results = Mutex([T?](repeating: nil, count: count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers.count) { w in
            let geos = workers[w].geos
            while true {
                let k = next.add(1, ordering: .relaxed).oldValue
                guard k < count else { break }
                let value = body(geos, k)
                results.withLock { $0[k] = value }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// One worker's GEOS context. `@unchecked Sendable` because the array of workers is shared
    /// by the threads of one `concurrentPerform`, but worker `w` is only ever used by iteration
    /// `w`: no context is touched by two threads.
    final class Worker: @unchecked Sendable {
        let geos = GEOSContext()
    }
}
