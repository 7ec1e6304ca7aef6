import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Synchronization

/// The units of one generation as Features serves them: kept per published generation (their
/// units never change), each with its bounds for bbox filtering and its GeoJSON geometry text.
final class FeatureSource: Sendable {
    struct Item: Sendable {
        let unit: AreaUnit
        let bounds: BoundingBox
        let geometryText: String
        var code: String { unit.code }
        var tier: Tier { unit.tier }
    }

    let generation: Generation
    let generations: [Generation]
    let units: [Item]

    init(generation: Generation, generations: [Generation], units: [AreaUnit]) {
        self.generation = generation
        self.generations = generations
        self.units = units.sorted { ($0.tier.depth, $0.code) < ($1.tier.depth, $1.code) }.map {
            Item(unit: $0, bounds: $0.geometry.bounds, geometryText: GeoJSONGeometry.text($0.geometry))
        }
    }
}

/// Built sources by generation id; drafts are never served through Features.
final class FeatureSourceCache: Sendable {
    private let built = Mutex<[Int64: FeatureSource]>([:])

    func source(for generation: Generation, atlas: Atlas) throws -> FeatureSource {
        let generations = try atlas.generations()
        if let known = built.withLock({ $0[generation.id] }), known.generations == generations { return known }
        let fresh = FeatureSource(generation: generation, generations: generations,
                                  units: try atlas.store.units(inGeneration: generation.id))
        built.withLock { $0[generation.id] = fresh }
        return fresh
    }
}

extension AtlasServer {
    /// The units of the generation in force at `moment`.
    func featureSource(at moment: Date) throws -> FeatureSource {
        try featureSources.source(for: atlas.generation(named: nil, at: moment), atlas: atlas)
    }
}
