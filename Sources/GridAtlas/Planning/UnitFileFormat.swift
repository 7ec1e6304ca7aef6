import Foundation
import GridGeoPackage
import GridGeometry
import GridImport

/// The two file formats units arrive in, and which reader each goes to.
public enum UnitFileFormat: String, Sendable, CaseIterable {
    case geoJSON = "geojson"
    case geoPackage = "gpkg"

    /// Told by content first: a SQLite header means a GeoPackage whatever the name; then a
    /// `.gpkg` name means one was meant (so GeoJSON saved as .gpkg is refused, not guessed).
    public static func sniff(name: String, data: Data) -> UnitFileFormat {
        if GeoPackageReader.isSQLite(data) || name.lowercased().hasSuffix(".gpkg") { return .geoPackage }
        return .geoJSON
    }

    func read(name: String, data: Data, crs: CRS, crsIsExplicit: Bool) throws(ImportRejected) -> [UnitFeatureReader.Read] {
        switch self {
        case .geoJSON: try UnitFeatureReader(source: name, crs: crs, crsIsExplicit: crsIsExplicit).read(data)
        case .geoPackage: try GeoPackageReader(source: name, crs: crs, crsIsExplicit: crsIsExplicit).read(data)
        }
    }
}
