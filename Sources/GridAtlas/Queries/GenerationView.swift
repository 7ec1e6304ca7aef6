import GridDomain
import GridGeometry

/// One generation's units ready for boundary and density questions: the units with their base
/// data, the generation's ``Locator``, and what every question needs per unit (children, geodesic
/// area, bounding box), computed once.
///
/// Immutable and `Sendable`: built once per generation and shared by every request (``Atlas``
/// caches it like the Locator). GEOS is used per question, each time with a context of its own.
public final class GenerationView: Sendable {
    public let generationId: Int64
    public let generationName: String
    /// The generation's units in code order; a unit's id is its index here and in ``locator``.
    public let units: [AreaUnit]
    public let locator: Locator
    /// Per unit: its children's ids, in code order.
    public let children: [[Int32]]
    /// Per unit: geodesic area on the WGS84 ellipsoid, m².
    public let areas: [Double]
    /// Per unit: bounding box in lon/lat.
    public let bounds: [BoundingBox]
    /// Per tier (indexed by `Tier.depth`): the ids of its units, in code order.
    private let idsByTier: [[Int32]]
    private let idByCode: [String: Int32]

    /// - Parameters:
    ///   - locator: the generation's Locator if already built; it is used only when it was built
    ///     from exactly these units (a draft may have grown in between), else a new one is built.
    ///   - storedAreas: geodesic areas by code as the store keeps them; any unit missing there has
    ///     its area computed (a city's areas take seconds to compute, milliseconds to read).
    public init(generation: Generation, units: [AreaUnit], locator: Locator? = nil, storedAreas: [String: Double] = [:]) {
        generationId = generation.id
        generationName = generation.name
        let matching = locator.flatMap { built in
            built.units.count == units.count && zip(built.units, units).allSatisfy { $0.code == $1.code } ? built : nil
        }
        let locator = matching ?? Locator(units: units)
        self.locator = locator
        self.units = units
        var idByCode: [String: Int32] = [:]
        idByCode.reserveCapacity(units.count)
        for (i, unit) in units.enumerated() { idByCode[unit.code] = Int32(i) }
        self.idByCode = idByCode
        var children = [[Int32]](repeating: [], count: units.count)
        var idsByTier = [[Int32]](repeating: [], count: Tier.allCases.count)
        for (i, unit) in units.enumerated() {
            if let parent = unit.parentCode.flatMap({ idByCode[$0] }) { children[Int(parent)].append(Int32(i)) }
            idsByTier[unit.tier.depth].append(Int32(i))
        }
        self.children = children
        self.idsByTier = idsByTier
        areas = units.map { storedAreas[$0.code] ?? Geodesic.wgs84.area($0.geometry) }
        bounds = units.map(\.geometry.bounds)
    }

    /// The id of the unit with this code, or ``QueryError/unknownUnit(_:)``.
    public func id(of code: String) throws(QueryError) -> Int32 {
        guard let id = idByCode[code] else { throw .unknownUnit(code) }
        return id
    }

    public func unit(_ id: Int32) -> AreaUnit { units[Int(id)] }

    /// The ids of a tier's units, in code order.
    public func ids(of tier: Tier) -> [Int32] { idsByTier[tier.depth] }

    /// The unit's ancestors, top tier first (the unit itself not included).
    public func ancestors(of id: Int32) -> [Int32] {
        var chain: [Int32] = []
        var current = locator.units[Int(id)].parent
        while current >= 0 && chain.count < Tier.allCases.count {
            chain.append(current)
            current = locator.units[Int(current)].parent
        }
        return chain.reversed()
    }

    /// The unit and every unit below it, at any depth.
    public func subtree(of id: Int32) -> [Int32] {
        var out: [Int32] = [id]
        var i = 0
        while i < out.count {
            out += children[Int(out[i])]
            i += 1
        }
        return out
    }

    /// Ids of the units of `tier` whose bounding box meets `box`, in code order: the cheap
    /// prefilter before any GEOS work (the tier's edge index first, then the boxes).
    public func candidates(of tier: Tier, in box: BoundingBox) -> [Int32] {
        guard let index = locator.index(of: tier) else { return [] }
        return index.candidates(in: box).filter { $0 >= 0 && bounds[Int($0)].intersects(box) }.sorted()
    }
}
