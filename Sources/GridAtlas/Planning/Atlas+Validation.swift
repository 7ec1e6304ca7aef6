import GridDomain
import GridPlanning
import GridStore

/// Topology validation of a stored generation (draft or published): the planners' proof that a
/// redraw covers everything exactly once before it is published.
extension Atlas {
    /// - Parameter tiers: check only these tiers (nil: all).
    /// - Throws: `StoreError.generationNotFound` for an unknown name.
    public func validate(generation name: String, tolerances: TopologyTolerances, tiers: Set<Tier>? = nil) throws -> TopologyReport {
        guard let generation = try store.generation(named: name) else { throw StoreError.generationNotFound(name) }
        var report = TopologyCheck(tolerances: tolerances, tiers: tiers).run(try store.units(inGeneration: generation.id))
        report.generation = generation.name
        return report
    }
}
