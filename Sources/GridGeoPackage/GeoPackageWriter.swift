import Foundation
import GRDB
import GridDomain
import GridGeometry

/// Writes units (WGS84 lon/lat) into a new GeoPackage file, one feature table per tier, that
/// QGIS and GDAL open directly and ``GeoPackageReader`` reads back unchanged.
///
/// Each table (named after its tier: `district` ... `micro_area`) has `fid`, `geom` (MULTIPOLYGON),
/// `code` (unique), `name`, `parent_code`, `households`, `population`, `area_m2` (geodesic, for
/// reading only), `attributes` (JSON) and a typed column per common free attribute
/// (see ``AttributeLayout``), plus the R-tree index and its triggers. The file is built under a
/// temporary name beside the target and renamed when complete: it appears whole or not at all.
public struct GeoPackageWriter: Sendable {
    public var crs: ExportCRS
    /// Names the export in each table's description (the generation's name, typically).
    public var title: String

    public init(crs: ExportCRS = .wgs84, title: String) {
        self.crs = crs
        self.title = title
    }

    /// What one feature table received.
    public struct Layer: Sendable, Equatable {
        public var tier: Tier
        public var features: Int
        public var bounds: BoundingBox
    }

    /// - Parameter areas: geodesic areas by code where already known (the store keeps them from
    ///   the import): computing them again is most of an export's time at city size.
    public func write(_ units: [AreaUnit], areas: [String: Double] = [:], to path: String,
                      overwrite: Bool = false) throws(GeoPackageWriteError) -> [Layer] {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !overwrite { throw .fileExists(path) }
        let byTier = Dictionary(grouping: units, by: \.tier)
        guard !byTier.isEmpty else { throw .nothingToWrite("no units to write") }
        let target = URL(fileURLWithPath: path)
        let partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial").path
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { try? manager.removeItem(atPath: partial + suffix) } }

        var layers: [Layer] = []
        do {
            let queue = try DatabaseQueue(path: partial)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(GeoPackage.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(GeoPackage.userVersion)")
                try db.inTransaction {
                    for statement in GeoPackageSchema.coreTables { try db.execute(sql: statement) }
                    for srs in [SpatialRefSys.undefinedCartesian, .undefinedGeographic, .wgs84] + (crs == .wgs84 ? [] : [crs.spatialRefSys]) {
                        try db.execute(sql: """
                            INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """, arguments: [srs.name, srs.srsID, srs.organization, srs.organizationCoordsysID, srs.definition, srs.description])
                    }
                    for tier in Tier.allCases {
                        guard let members = byTier[tier] else { continue }
                        layers.append(try writeLayer(tier, units: members.sorted { $0.code < $1.code }, areas: areas, db: db))
                    }
                    return .commit
                }
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw .sqlite(error.message ?? error.description)
        } catch {
            throw .sqlite("\(error)")
        }
        do {
            if overwrite && manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.moveItem(atPath: partial, toPath: path)
        } catch {
            throw .file("\(path): \(error.localizedDescription)")
        }
        return layers
    }

    private func writeLayer(_ tier: Tier, units: [AreaUnit], areas: [String: Double], db: Database) throws -> Layer {
        let table = tier.rawValue, q = GeoPackageSchema.quoted
        let attributes = units.map { AttributeLayout.parse($0.attributesJSON) }
        let layout = AttributeLayout(attributes)
        let extra = layout.columns.map { ",\n  \(q($0.key)) \($0.kind.rawValue)" }.joined()
        try db.execute(sql: """
            CREATE TABLE \(q(table)) (
              fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              geom MULTIPOLYGON,
              code TEXT UNIQUE NOT NULL,
              name TEXT,
              parent_code TEXT,
              households INTEGER,
              population INTEGER,
              area_m2 REAL,
              attributes TEXT\(extra)
            )
            """)
        let index = RTreeIndex(table: table, column: "geom", idColumn: "fid")
        try db.execute(sql: index.createTable)
        let names = ["geom", "code", "name", "parent_code", "households", "population", "area_m2", "attributes"]
            + layout.columns.map(\.key)
        let insert = try db.makeStatement(sql: """
            INSERT INTO \(q(table)) (\(names.map(q).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))
            """)
        let insertEnvelope = try db.makeStatement(sql: "INSERT INTO \(q(index.name)) VALUES (?, ?, ?, ?, ?)")
        var extent = BoundingBox.empty
        let srsID = crs.spatialRefSys.srsID
        for (unit, attributes) in zip(units, attributes) {
            let (typed, rest) = layout.split(attributes)
            var values: [DatabaseValue] = [
                Data(GeoPackageBinary.encode(unit.geometry, srsID: srsID)).databaseValue,
                unit.code.databaseValue, unit.name.databaseValue, unit.parentCode.databaseValue,
                unit.households.databaseValue, unit.population.databaseValue,
                (areas[unit.code] ?? Geodesic.wgs84.area(unit.geometry)).databaseValue, rest.databaseValue,
            ]
            values += typed
            try insert.execute(arguments: StatementArguments(values))
            let box = unit.geometry.bounds
            try insertEnvelope.execute(arguments: [db.lastInsertedRowID, box.minLon, box.maxLon, box.minLat, box.maxLat])
            extent.extend(box)
        }
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
            VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [table, "\(table) (\(tier.chineseName))",
                             "GridAtlas \(title): \(units.count) \(table) unit\(units.count == 1 ? "" : "s")",
                             extent.minLon, extent.minLat, extent.maxLon, extent.maxLat, srsID])
        try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)", arguments: [table, srsID])
        try db.execute(sql: "INSERT INTO gpkg_extensions VALUES (?, 'geom', ?, ?, ?)",
                       arguments: [table, RTreeIndex.extensionName, RTreeIndex.definition, RTreeIndex.scope])
        // Last: the triggers call ST_ functions this connection does not have.
        for trigger in index.triggers { try db.execute(sql: trigger) }
        return Layer(tier: tier, features: units.count, bounds: extent)
    }
}
