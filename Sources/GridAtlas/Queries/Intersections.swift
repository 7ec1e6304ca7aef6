import GridDomain
import GridGeometry

/// The units of a tier that a caller's geometry meets, with how much of it falls in each.
public struct Intersections: Codable, Sendable, Equatable {
    public struct Hit: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var tier: String
        /// Areal input: geodesic area of the overlap.
        public var overlapM2: Double?
        /// Areal input: the overlap's share of the unit's area, 0...1.
        public var share: Double?
        /// Linear input: geodesic length of the line inside the unit (a line along a shared
        /// boundary counts in both units).
        public var lengthM: Double?

        enum CodingKeys: String, CodingKey {
            case code, name, tier, share
            case overlapM2 = "overlap_m2"
            case lengthM = "length_m"
        }
    }

    public var tier: String
    /// `points`, `lines` or `areas`: which measures the hits carry.
    public var input: String
    /// Areal input: its geodesic area.
    public var inputAreaM2: Double?
    /// Linear input: its geodesic length.
    public var inputLengthM: Double?
    /// Every unit the geometry meets (boundaries included), in code order.
    public var units: [Hit]

    enum CodingKeys: String, CodingKey {
        case tier, input, units
        case inputAreaM2 = "input_area_m2"
        case inputLengthM = "input_length_m"
    }
}

extension GenerationView {
    /// The units of `tier` that `query` meets (GEOS `intersects`: touching counts), each with the
    /// overlap area and share for areal input, the length inside for linear input, nothing more
    /// for points. Candidates come from the tier's index and unit boxes; only they reach GEOS,
    /// tested against the query prepared once.
    public func intersecting(_ query: QueryGeometry, tier: Tier) throws(QueryError) -> Intersections {
        let value = query.wgs84
        let names = ["points", "lines", "areas"]
        var answer = Intersections(tier: tier.rawValue, input: names[value.dimension], units: [])
        switch value {
        case .areas(let shape): answer.inputAreaM2 = Geodesic.wgs84.area(shape)
        case .lines(let lines): answer.inputLengthM = lines.reduce(0) { $0 + Geodesic.wgs84.length($1) }
        case .points: break
        }
        let candidates = candidates(of: tier, in: value.bounds)
        guard !candidates.isEmpty else { return answer }
        let geos = GEOSContext()
        let prepared: PreparedGeometry
        do { prepared = try geos.prepare(try geos.geometry(value)) } catch { throw .badGeometry(reason: error.message) }
        answer.units = try engine { () throws(GEOSError) -> [Intersections.Hit] in
            var hits: [Intersections.Hit] = []
            for id in candidates {
                // Over budget: the answer is thrown away (see WorkBudget), so stop here.
                if WorkBudget.shouldStop { break }
                let shape = try geos.geometry(units[Int(id)].geometry)
                guard try geos.intersects(prepared, shape) else { continue }
                let ref = locator.units[Int(id)]
                var hit = Intersections.Hit(code: ref.code, name: ref.name, tier: ref.tier.rawValue)
                switch value.dimension {
                case 2:
                    let overlap = Geodesic.wgs84.area(geos.polygons(of: try geos.intersection(prepared.base, shape)))
                    hit.overlapM2 = overlap
                    hit.share = areas[Int(id)] > 0 ? min(overlap / areas[Int(id)], 1) : 0
                case 1:
                    let inside = geos.lines(of: try geos.intersection(prepared.base, shape))
                    hit.lengthM = inside.reduce(0) { $0 + Geodesic.wgs84.length($1) }
                default:
                    break
                }
                hits.append(hit)
            }
            return hits
        }
        return answer
    }
}
