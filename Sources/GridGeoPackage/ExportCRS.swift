import GridGeometry

/// The CRS an export declares. Only the two lon/lat datums GridAtlas holds to the centimetre:
/// exporting to a projected CRS would change every number QGIS shows and re-imports.
public enum ExportCRS: String, Sendable, CaseIterable {
    case wgs84 = "EPSG:4326"
    case cgcs2000 = "EPSG:4490"

    public struct Unsupported: Error, CustomStringConvertible {
        public var crs: String
        public var description: String { "a GeoPackage export is declared in EPSG:4326 or EPSG:4490, not \(crs)" }
    }

    public init(_ crs: CRS) throws(Unsupported) {
        switch crs {
        case .wgs84, .epsg(4326): self = .wgs84
        case .cgcs2000, .epsg(4490): self = .cgcs2000
        default: throw Unsupported(crs: crs.description)
        }
    }

    public var spatialRefSys: SpatialRefSys { self == .wgs84 ? .wgs84 : .cgcs2000 }
}
