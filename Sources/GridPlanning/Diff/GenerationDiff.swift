import GridDomain

/// What changes between two generations of boundaries (an old one, usually the one in force,
/// and a new one, usually a draft), tier by tier: what a planner reads before publishing.
///
/// Pure: units in, values out. GEOS overlays only the units whose geometry differs.
public struct GenerationDiff: Codable, Sendable, Equatable {
    /// One entry per tier compared, top tier first.
    public var tiers: [TierDiff]

    /// - Parameters:
    ///   - tiers: the tiers to compare; nil compares every tier present on either side.
    ///   - minimumFlowM2: overlaps smaller than this are overlay noise along shared edges, not flows.
    public init(old: [AreaUnit], new: [AreaUnit], tiers: [Tier]? = nil, minimumFlowM2: Double = 1.0) throws(DiffError) {
        let present = Set(old.map(\.tier)).union(new.map(\.tier))
        let chosen = (tiers ?? Tier.allCases).filter { tiers != nil || present.contains($0) }.sorted()
        var out: [TierDiff] = []
        for tier in chosen {
            out.append(try TierDiff(tier: tier, old: old.filter { $0.tier == tier }, new: new.filter { $0.tier == tier },
                                    minimumFlowM2: minimumFlowM2))
        }
        self.tiers = out
    }

    public subscript(tier: Tier) -> TierDiff? { tiers.first { $0.tier == tier } }

    public var isEmpty: Bool { tiers.allSatisfy(\.isEmpty) }
}
