import GridGeometry

/// Writes shapes in the coordinate system a caller asked for: WGS84 and CGCS2000 as stored,
/// GCJ-02 and BD-09 by the offset formulas vertex by vertex, any other EPSG code through PROJ
/// (its transformation borrowed from ``ConverterPool``).
public struct OutputCRS: Sendable {
    public let crs: CRS
    /// Decimals written: 7 for degrees (about 1 cm), 3 for metres (projected systems).
    public let decimals: Int

    /// Fails with ``QueryError/badParameter(name:reason:)`` naming `crs` when PROJ does not know it.
    public init(_ crs: CRS) throws(QueryError) {
        self.crs = crs
        do {
            decimals = try ProjCRSKind(crs) == .geographic ? FixedDecimal.degrees : FixedDecimal.metres
        } catch {
            throw .badParameter(name: "crs", reason: error.description)
        }
    }

    /// The WGS84 shape in this CRS.
    public func convert(_ shape: MultiPolygon) throws(QueryError) -> MultiPolygon {
        switch crs {
        case .wgs84, .cgcs2000: return shape
        case .epsg(let code) where code == 4326 || code == 4490: return shape
        default: break
        }
        do {
            return try ConverterPool.shared.with(crs) { converter in try shape.mapPoints { p in try converter.fromWGS84(p) } }
        } catch {
            throw .badParameter(name: "crs", reason: "cannot express the shape in \(crs): \(error)")
        }
    }
}
