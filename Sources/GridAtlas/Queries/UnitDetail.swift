import GridDomain
import GridGeometry

/// Everything the store knows of one unit, with its place in the hierarchy and its measures.
/// Workers are not here: the HTTP layer adds them from the roster for the moment it answers.
public struct UnitDetail: Codable, Sendable, Equatable {
    public var generation: String
    public var code: String
    public var name: String
    public var tier: String
    /// Ancestors, top tier first.
    public var parents: [UnitBrief]
    public var childrenCount: Int
    public var households: Int?
    public var population: Int?
    /// Geodesic area on the WGS84 ellipsoid.
    public var areaM2: Double
    /// Geodesic length of every ring.
    public var perimeterM: Double
    /// [minLon, minLat, maxLon, maxLat], WGS84.
    public var bbox: [Double]
    /// Planar centre of mass in lon/lat; may fall outside a concave unit.
    public var centroid: [Double]
    /// A point guaranteed inside the unit: where to put its label.
    public var pointOnSurface: [Double]
    public var parts: Int
    public var vertexCount: Int
    /// The source feature's other properties, as imported.
    public var attributes: JSONValue

    enum CodingKeys: String, CodingKey {
        case generation, code, name, tier, parents, households, population, bbox, centroid, parts, attributes
        case childrenCount = "children_count"
        case areaM2 = "area_m2"
        case perimeterM = "perimeter_m"
        case pointOnSurface = "point_on_surface"
        case vertexCount = "vertex_count"
    }
}

extension GenerationView {
    /// The unit `code` in full, or ``QueryError/unknownUnit(_:)``.
    public func detail(of code: String) throws(QueryError) -> UnitDetail {
        let id = try id(of: code)
        let unit = units[Int(id)]
        let geos = GEOSContext()
        let (centroid, surface) = try engine { () throws(GEOSError) -> (LonLat?, LonLat?) in
            let g = try geos.geometry(unit.geometry)
            return (geos.centroid(g), geos.pointOnSurface(g))
        }
        let box = bounds[Int(id)]
        return UnitDetail(
            generation: generationName, code: unit.code, name: unit.name, tier: unit.tier.rawValue,
            parents: ancestors(of: id).map(brief), childrenCount: children[Int(id)].count,
            households: unit.households, population: unit.population, areaM2: areas[Int(id)],
            perimeterM: Geodesic.wgs84.perimeter(unit.geometry),
            bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat],
            centroid: centroid.map { [$0.lon, $0.lat] } ?? [],
            pointOnSurface: surface.map { [$0.lon, $0.lat] } ?? [],
            parts: unit.geometry.polygons.count, vertexCount: unit.geometry.vertexCount,
            attributes: JSONValue(text: unit.attributesJSON) ?? .object([:]))
    }
}
