import Foundation
import GRDB
import GridDomain
import GridGeometry
import GridImport

/// Reads units from any GeoPackage: every feature table `gpkg_contents` lists, its geometry
/// column found through `gpkg_geometry_columns`, its CRS through `gpkg_spatial_ref_sys`, every
/// vertex converted to WGS84 lon/lat.
///
/// Columns are matched as ``UnitFeatureReader`` matches GeoJSON properties, ignoring case:
/// `code` and `name` required; `tier` and `parent` (or `parent_code`) inferred from the code
/// when absent; `households`, `population`. `area_m2` (derived at export) is skipped; every
/// other column, and the JSON object in an `attributes` column, becomes a free attribute.
/// Every problem is collected with its layer, fid and column; any problem rejects the file.
public struct GeoPackageReader: Sendable {
    public let source: String
    /// The CRS assumed for a layer declaring an undefined one (srs_id 0 or -1).
    public let crs: CRS
    /// True when `crs` was chosen by the user: a layer declaring another datum is then an error.
    public let crsIsExplicit: Bool

    public init(source: String, crs: CRS = .wgs84, crsIsExplicit: Bool = false) {
        self.source = source
        self.crs = crs
        self.crsIsExplicit = crsIsExplicit
    }

    /// Whether bytes look like a SQLite file (and so possibly a GeoPackage).
    public static func isSQLite(_ data: Data) -> Bool {
        data.count >= GeoPackage.sqliteMagic.count && data.prefix(GeoPackage.sqliteMagic.count).elementsEqual(GeoPackage.sqliteMagic)
    }

    /// Reads an uploaded or in-memory file: SQLite can only open files, so the bytes go to a
    /// temporary file that is removed afterwards.
    public func read(_ data: Data) throws(ImportRejected) -> [UnitFeatureReader.Read] {
        guard Self.isSQLite(data) else { throw ImportRejected([notSQLite]) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-import-\(UUID().uuidString).gpkg").path
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw ImportRejected([problem("file", "file", "cannot write a temporary copy: \(error.localizedDescription)")])
        }
        return try read(path: path, readOnly: false)
    }

    /// Reads a file in place, opened read-only.
    public func read(path: String) throws(ImportRejected) -> [UnitFeatureReader.Read] {
        let handle = FileHandle(forReadingAtPath: path)
        let head = handle.flatMap { try? $0.read(upToCount: 16) } ?? Data()
        try? handle?.close()
        guard Self.isSQLite(head) else { throw ImportRejected([notSQLite]) }
        return try read(path: path, readOnly: true)
    }

    private var notSQLite: ImportProblem {
        problem("file", "file", "not a SQLite file, so not a GeoPackage (it does not start with 'SQLite format 3'); send GeoJSON as application/geo+json")
    }

    private func read(path: String, readOnly: Bool) throws(ImportRejected) -> [UnitFeatureReader.Read] {
        var configuration = Configuration()
        configuration.readonly = readOnly
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in try readLayers(db) }
        } catch let rejected as ImportRejected {
            throw rejected
        } catch let error as DatabaseError {
            throw ImportRejected([problem("file", "file", "not a readable SQLite database: \(error.message ?? error.description)")])
        } catch {
            throw ImportRejected([problem("file", "file", "cannot read the file: \(error)")])
        }
    }

    private func readLayers(_ db: Database) throws(ImportRejected) -> [UnitFeatureReader.Read] {
        let layers: [FeatureLayer]
        do {
            guard try db.tableExists("gpkg_contents") else {
                throw ImportRejected([problem("file", "gpkg_contents", "not a GeoPackage: the SQLite file has no gpkg_contents table")])
            }
            guard try db.tableExists("gpkg_geometry_columns") else {
                throw ImportRejected([problem("file", "gpkg_geometry_columns", "not a GeoPackage with features: no gpkg_geometry_columns table")])
            }
            layers = try FeatureLayer.all(in: db)
        } catch let rejected as ImportRejected {
            throw rejected
        } catch {
            throw ImportRejected([problem("file", "gpkg_contents", "cannot read the GeoPackage tables: \(Self.message(error))")])
        }
        guard !layers.isEmpty else {
            throw ImportRejected([problem("file", "gpkg_contents", "no feature table: gpkg_contents lists no table with data_type 'features'")])
        }
        var reads: [UnitFeatureReader.Read] = []
        var problems: [ImportProblem] = []
        for layer in layers {
            let rows = FeatureRowReader(source: source, layer: layer)
            do {
                let converter = try layer.converter(assuming: crs, explicit: crsIsExplicit)
                reads += try rows.read(db, converter: converter, problems: &problems)
            } catch var layerProblem as ImportProblem {
                layerProblem.source = source
                problems.append(layerProblem)
            } catch {
                problems.append(problem("layer \(layer.table)", layer.geometryColumn, "cannot read the table: \(Self.message(error))"))
            }
        }
        guard problems.isEmpty else { throw ImportRejected(problems) }
        return reads
    }

    static func message(_ error: any Error) -> String {
        (error as? DatabaseError).map { $0.message ?? $0.description } ?? "\(error)"
    }

    private func problem(_ location: String, _ field: String, _ reason: String) -> ImportProblem {
        ImportProblem(source: source, location: location, field: field, reason: reason)
    }
}
