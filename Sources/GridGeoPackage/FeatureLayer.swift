import GRDB
import GridDomain
import GridGeometry
import GridImport

/// One feature table of a GeoPackage as its metadata tables describe it: where its geometry is,
/// which CRS the geometry declares, and which column identifies a feature.
struct FeatureLayer {
    var table: String
    /// The column `gpkg_geometry_columns` names (a placeholder when it names none: see `hasGeometryColumn`).
    var geometryColumn: String
    var hasGeometryColumn: Bool
    var srsID: Int32
    /// The spatial_ref_sys row, nil when `srs_id` names none.
    var srs: SpatialRefSys?
    /// Column names in table order.
    var columns: [String]
    /// The INTEGER PRIMARY KEY (GDAL and QGIS call it fid), or nil to use the rowid.
    var idColumn: String?

    var location: String { "layer \(table)" }

    /// Every table gpkg_contents lists as features, tiers first (district down), then by name.
    static func all(in db: Database) throws -> [FeatureLayer] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.table_name AS table_name, g.column_name AS column_name, COALESCE(g.srs_id, c.srs_id) AS srs_id
            FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            WHERE lower(c.data_type) = 'features'
            """)
        var layers: [FeatureLayer] = []
        for row in rows {
            let table: String = row["table_name"]
            let column: String? = row["column_name"]
            let srsID: Int32 = row["srs_id"] ?? 0
            let srs = try Row.fetchOne(db, sql: """
                SELECT srs_name, organization, organization_coordsys_id, definition, description
                FROM gpkg_spatial_ref_sys WHERE srs_id = ?
                """, arguments: [srsID]).map {
                SpatialRefSys(srsID: srsID, name: $0["srs_name"] ?? "", organization: $0["organization"] ?? "",
                              organizationCoordsysID: $0["organization_coordsys_id"] ?? 0,
                              definition: $0["definition"] ?? "", description: $0["description"] ?? "")
            }
            let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(GeoPackageSchema.quoted(table)))")
            let columns = info.map { $0["name"] as String }
            let keys = info.filter { ($0["pk"] as Int) > 0 }
            let id = keys.count == 1 && (keys[0]["type"] as String? ?? "").uppercased() == "INTEGER" ? keys[0]["name"] as String : nil
            layers.append(FeatureLayer(table: table, geometryColumn: column ?? "geometry", hasGeometryColumn: column != nil,
                                       srsID: srsID, srs: srs, columns: columns, idColumn: id))
        }
        func rank(_ layer: FeatureLayer) -> Int { Tier(rawValue: layer.table.lowercased())?.depth ?? Tier.allCases.count }
        return layers.sorted { (rank($0), $0.table) < (rank($1), $1.table) }
    }

    /// The converter from the layer's declared CRS to WGS84. Undefined systems (srs_id 0, or -1
    /// when the user named one) take the import's CRS; anything but an EPSG code PROJ knows is refused.
    func converter(assuming fallback: CRS, explicit: Bool) throws(ImportProblem) -> CoordinateConverter {
        let declared: CRS
        switch srsID {
        case 0:
            declared = fallback
        case -1 where explicit:
            declared = fallback
        case -1:
            throw problem("srs_id -1 is an undefined cartesian CRS: name the real one with --crs (or the crs parameter)")
        default:
            guard let srs else {
                throw problem("unknown srs_id \(srsID): gpkg_spatial_ref_sys has no such row")
            }
            guard srs.organization.uppercased() == "EPSG", srs.organizationCoordsysID > 0 else {
                throw problem("unknown srs_id \(srsID) ('\(srs.name)', organization \(srs.organization) \(srs.organizationCoordsysID)): only EPSG codes can be converted; reproject the layer to EPSG:4326 first")
            }
            do { declared = try CRS(parsing: "EPSG:\(srs.organizationCoordsysID)") } catch {
                throw problem(error.description)
            }
            if explicit && Self.datum(declared) != Self.datum(fallback) {
                throw problem("the layer declares \(declared) but the import was told \(fallback); leave out --crs, or reproject the layer")
            }
        }
        do { return try CoordinateConverter(from: declared) } catch {
            throw problem("unknown srs_id \(srsID): \(error.description)")
        }
    }

    private static func datum(_ crs: CRS) -> String {
        switch crs {
        case .wgs84, .cgcs2000, .epsg(4326), .epsg(4490): "EPSG:4326"
        default: crs.description
        }
    }

    private func problem(_ reason: String) -> ImportProblem {
        ImportProblem(source: "", location: location, field: "srs_id", reason: reason)
    }
}
