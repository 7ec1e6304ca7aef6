import GridDomain
import GridGeometry

/// The boundary of a tier nearest to a position, and what lies on either side of it.
public struct NearestBoundary: Codable, Sendable, Equatable {
    /// The position asked, WGS84 [lon, lat].
    public var point: [Double]
    public var tier: String
    /// The unit of the tier containing the position, if any.
    public var inside: UnitBrief?
    /// Geodesic distance to the nearest boundary; nil when the tier has no units.
    public var distanceM: Double?
    /// The closest point of that boundary, [lon, lat].
    public var nearestPoint: [Double]?
    /// The unit on the other side of that boundary from the position. From inside a unit: the
    /// neighbour sharing that edge, or nil when the edge is the outer edge of the tier's coverage.
    /// From outside every unit: the unit whose boundary it is (the one the position would enter).
    /// Where the nearest point is a vertex shared by several units, the lowest code among them.
    public var across: UnitBrief?

    enum CodingKeys: String, CodingKey {
        case point, tier, inside, across
        case distanceM = "distance_m"
        case nearestPoint = "nearest_point"
    }
}

extension GenerationView {
    /// The boundary between units of `tier` nearest to `p` (WGS84 lon/lat).
    ///
    /// The tier's index finds the nearest edge (searching cells outward) with the unit or units it
    /// bounds; the distance is then measured on the ellipsoid. From inside a unit, the nearest
    /// boundary is always one of that unit's own edges (any other edge lies beyond it).
    public func nearestBoundary(to p: LonLat, tier: Tier) throws(QueryError) -> NearestBoundary {
        guard p.isInRange else {
            throw .badParameter(name: "point", reason: "\(p) is not a WGS84 position (longitude -180...180, latitude -90...90)")
        }
        var answer = NearestBoundary(point: [p.lon, p.lat], tier: tier.rawValue)
        guard let index = locator.index(of: tier), let hit = index.nearestBoundary(to: p) else { return answer }
        let inside = index.locate(p)
        answer.distanceM = Geodesic.wgs84.distance(p, hit.point)
        answer.nearestPoint = [hit.point.lon, hit.point.lat]
        if inside >= 0 {
            answer.inside = brief(inside)
            answer.across = lowestCode(hit.units.filter { $0 != inside }).map(brief)
        } else {
            answer.across = lowestCode(hit.units).map(brief)
        }
        return answer
    }

    func lowestCode(_ ids: [Int32]) -> Int32? {
        ids.min { locator.units[Int($0)].code < locator.units[Int($1)].code }
    }
}
