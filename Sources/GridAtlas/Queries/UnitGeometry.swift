import GridDomain
import GridGeometry

/// A unit's boundary as asked: optionally simplified, in the requested CRS, ready to write as
/// GeoJSON geometry or WKT (one part gives Polygon, more give MultiPolygon).
public struct UnitGeometry: Sendable, Equatable {
    public let code: String
    public let crs: CRS
    /// The simplification tolerance applied, metres (0: none).
    public let simplifyM: Double
    /// The shape in ``crs`` coordinates (x = lon or easting, y = lat or northing).
    public let shape: MultiPolygon
    /// Decimals the text forms carry: 7 for degrees, 3 for metres.
    public let decimals: Int

    public var vertexCount: Int { shape.vertexCount }

    /// GeoJSON geometry text. RFC 7946 expects WGS84; other CRSs are for clients that ask.
    public var geoJSON: String { GeoJSONGeometry.text(shape, decimals: decimals) }

    public var wkt: String { WKTWriter.text(shape, decimals: decimals) }
}

extension GenerationView {
    /// The boundary of unit `code`, simplified by `simplify` metres (nil or 0: as stored) and
    /// expressed in `crs`. Simplification happens in WGS84 before conversion, so every CRS gets
    /// the same vertices.
    public func geometry(of code: String, crs: CRS = .wgs84, simplify: Double? = nil,
                         limits: QueryLimits = .standard) throws(QueryError) -> UnitGeometry {
        let id = try id(of: code)
        let simplifier = try ShapeSimplifier(metres: simplify, limits: limits)
        let output = try OutputCRS(crs)
        let geos = GEOSContext()
        let shape = try engine { () throws(GEOSError) in try simplifier.simplify(units[Int(id)].geometry, geos: geos) }
        return UnitGeometry(code: code, crs: crs, simplifyM: simplifier.tolerance, shape: try output.convert(shape),
                            decimals: output.decimals)
    }
}
