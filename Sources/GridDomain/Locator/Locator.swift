import GridGeometry

/// Resolves positions to the chain of units of one generation, in pure Swift with no C state:
/// immutable once built, `Sendable`, safe to share across every request thread.
///
/// The grid tier answers first and its ancestors come from parent links, so a point on a border
/// between two communities gets a grid and a community that agree. Upper tiers answer only where
/// no grid covers the point (a coverage gap); micro-areas are consulted inside the grid found.
public final class Locator: Sendable {
    /// What the Locator keeps of each unit: enough to name the answer.
    public struct UnitRef: Sendable, Equatable {
        public let code: String
        public let name: String
        public let tier: Tier
        /// Id of the parent unit in this generation, or -1.
        public let parent: Int32
    }

    public let units: [UnitRef]
    /// Each unit's boundary, for questions beyond "which unit" (accuracy circles, geometry output).
    public let geometries: [MultiPolygon]
    private let idByCode: [String: Int32]
    private let indexes: [TierIndex?]

    /// Tiers tried in order until one contains the point.
    private static let coverageOrder: [Tier] = [.grid, .community, .subdistrict, .district]

    public init(units source: [AreaUnit], cellsPerEdge: Double = 1.0) {
        var idByCode: [String: Int32] = [:]
        for (i, unit) in source.enumerated() { idByCode[unit.code] = Int32(i) }
        self.idByCode = idByCode
        units = source.map { unit in
            UnitRef(code: unit.code, name: unit.name, tier: unit.tier,
                    parent: unit.parentCode.flatMap { idByCode[$0] } ?? -1)
        }
        geometries = source.map(\.geometry)
        indexes = Tier.allCases.map { tier in
            let shapes = source.enumerated().filter { $0.element.tier == tier }
                .map { (id: Int32($0.offset), shape: $0.element.geometry) }
            return shapes.isEmpty ? nil : TierIndex(shapes: shapes, unitLimit: source.count, cellsPerEdge: cellsPerEdge)
        }
    }

    public func index(of tier: Tier) -> TierIndex? { indexes[tier.depth] }

    public func id(of code: String) -> Int32? { idByCode[code] }

    /// The boundaries of the given units, in id order.
    public func shapes(of ids: Set<Int32>) -> [(id: Int32, shape: MultiPolygon)] {
        ids.sorted().filter { $0 >= 0 && Int($0) < geometries.count }.map { ($0, geometries[Int($0)]) }
    }

    /// The units containing `p` (WGS84 lon/lat), one per tier.
    @inline(__always)
    public func locate(_ p: LonLat) -> Location {
        var location = Location()
        for tier in Self.coverageOrder {
            guard let index = indexes[tier.depth] else { continue }
            let id = index.locate(p.lon, p.lat)
            if id >= 0 {
                fillAncestors(of: id, into: &location)
                break
            }
        }
        if location.grid >= 0, let micro = indexes[Tier.microArea.depth] {
            let id = micro.locate(p.lon, p.lat)
            if id >= 0 && units[Int(id)].parent == location.grid { location.microArea = id }
        }
        return location
    }

    @inline(__always)
    private func fillAncestors(of id: Int32, into location: inout Location) {
        var current = id
        while current >= 0 {
            let unit = units[Int(current)]
            location[unit.tier] = current
            current = unit.parent
        }
    }

    /// The nearest boundary of a unit of `tier` to `p` and the unit on the inner side, for points
    /// that no unit of that tier contains.
    public func nearest(to p: LonLat, tier: Tier = .grid) -> (unit: Int32, point: LonLat, metres: Double)? {
        guard let index = indexes[tier.depth], let hit = index.nearestBoundary(to: p), let unit = hit.units.first else {
            return nil
        }
        return (unit, hit.point, Geodesic.wgs84.distance(p, hit.point))
    }
}
