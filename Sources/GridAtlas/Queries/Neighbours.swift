import GridDomain
import GridGeometry

/// The units of the same tier that share boundary with one unit, and how much.
public struct Neighbours: Codable, Sendable, Equatable {
    public struct Neighbour: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var tier: String
        /// Geodesic length of the boundary the two units share.
        public var sharedM: Double

        enum CodingKeys: String, CodingKey {
            case code, name, tier
            case sharedM = "shared_m"
        }
    }

    public var code: String
    public var name: String
    public var tier: String
    /// Geodesic length of every ring of the unit.
    public var perimeterM: Double
    /// The boundary shared with no unit of the tier: the outer edge of the tier's coverage (or
    /// the edge of a gap in it). The perimeter less every shared length.
    public var unsharedM: Double
    /// Longest shared boundary first (ties by code).
    public var neighbours: [Neighbour]

    enum CodingKeys: String, CodingKey {
        case code, name, tier, neighbours
        case perimeterM = "perimeter_m"
        case unsharedM = "unshared_m"
    }
}

extension GenerationView {
    /// The units of `code`'s tier that share a stretch of boundary with it; units touching it at
    /// a point only are not neighbours.
    ///
    /// Candidates are the tier's units whose box meets this unit's box (a shared stretch lies in
    /// both); for each, GEOS intersects the two boundaries and the linear parts of the result are
    /// measured geodesically. Overlay nodes the boundaries, so a stretch counts even where one
    /// side has extra vertices along it.
    public func neighbours(of code: String) throws(QueryError) -> Neighbours {
        let id = try id(of: code)
        let unit = units[Int(id)]
        let candidates = candidates(of: unit.tier, in: bounds[Int(id)]).filter { $0 != id }
        let geos = GEOSContext()
        var found: [Neighbours.Neighbour] = []
        try engine { () throws(GEOSError) in
            let mine = try geos.boundary(try geos.geometry(unit.geometry))
            for other in candidates {
                let theirs = try geos.boundary(try geos.geometry(units[Int(other)].geometry))
                let shared = geos.lines(of: try geos.intersection(mine, theirs))
                let length = shared.reduce(0) { $0 + Geodesic.wgs84.length($1) }
                guard length > 0 else { continue }
                let ref = locator.units[Int(other)]
                found.append(.init(code: ref.code, name: ref.name, tier: ref.tier.rawValue, sharedM: length))
            }
        }
        found.sort { ($0.sharedM, $1.code) > ($1.sharedM, $0.code) }
        let perimeter = Geodesic.wgs84.perimeter(unit.geometry)
        let shared = found.reduce(0) { $0 + $1.sharedM }
        return Neighbours(code: unit.code, name: unit.name, tier: unit.tier.rawValue, perimeterM: perimeter,
                          unsharedM: max(0, perimeter - shared), neighbours: found)
    }
}
