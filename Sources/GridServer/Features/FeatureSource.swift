import Foundation
import GridAtlas
import GridDomain
import GridGeometry

/// The generation Features serves for a request: the Atlas's cached ``GenerationView`` (units,
/// bounds, the tier index) and the list of generations for the temporal extent. Nothing is
/// read from the store here that the view does not already hold.
struct FeatureSource {
    let view: GenerationView
    let generations: [Generation]

    var generationName: String { view.generationName }

    /// Ids of the tier's units in code order.
    func ids(of tier: Tier) -> [Int32] {
        view.ids(of: tier).sorted { view.unit($0).code < view.unit($1).code }
    }

    func id(of code: String, tier: Tier) -> Int32? {
        guard let id = try? view.id(of: code), view.unit(id).tier == tier else { return nil }
        return id
    }
}

extension AtlasServer {
    /// The units of the generation named, or else of the one in force at `moment`.
    func featureSource(at moment: Date, generation name: String? = nil) throws -> FeatureSource {
        let generation = try atlas.generation(named: name, at: moment)
        return FeatureSource(view: try atlas.view(for: generation), generations: try atlas.generations())
    }
}
