import Foundation
import GRDB
import GridDomain
import GridGeoPackage
import GridGeometry
import Testing

/// What GridAtlas writes, checked with Debian's GDAL (what QGIS uses to open it) and with SQLite:
/// the spec's tables, one layer per tier, the fields, the CRS, the R-tree and its triggers.
@Suite struct GeoPackageExportTests {
    static let counts: [(Tier, Int)] = [(.district, 1), (.subdistrict, 4), (.community, 20), (.grid, 110), (.microArea, 12)]

    func export(_ crs: ExportCRS = .wgs84) throws -> (Scratch, String) {
        let scratch = try Scratch()
        let path = scratch.path("demo.gpkg")
        let layers = try GeoPackageWriter(crs: crs, title: "generation demo").write(try Demo.units(), to: path)
        #expect(layers.map { "\($0.tier.rawValue) \($0.features)" } == Self.counts.map { "\($0.0.rawValue) \($0.1)" })
        return (scratch, path)
    }

    @Test func ogrinfoReadsEveryLayerWithoutAComplaint() throws {
        let (_, path) = try export()
        let list = try GDAL.run("ogrinfo", ["-ro", "-so", path])
        #expect(list.status == 0)
        #expect(list.complaints == [], "\(list.err)")
        for (i, (tier, _)) in Self.counts.enumerated() {
            #expect(list.out.contains("\(i + 1): \(tier.rawValue) (Multi Polygon)"), "\(list.out)")
        }
        for (tier, count) in Self.counts {
            let layer = try GDAL.run("ogrinfo", ["-ro", "-so", path, tier.rawValue])
            #expect(layer.complaints == [], "\(tier): \(layer.err)")
            let out = layer.out
            #expect(out.contains("Geometry: Multi Polygon"), "\(out)")
            #expect(out.contains("Feature Count: \(count)\n"), "\(out)")
            #expect(out.contains("ID[\"EPSG\",4326]]"), "\(out)")
            #expect(out.contains("FID Column = fid") && out.contains("Geometry Column = geom"), "\(out)")
            // Field lines follow the geometry column's: "code: String (0.0) UNIQUE NOT NULL".
            let fields = out.components(separatedBy: "Geometry Column = geom\n").last!.split(separator: "\n")
                .map { String($0.split(separator: ":")[0]) }
            #expect(fields == ["code", "name", "parent_code", "households", "population", "area_m2", "attributes"], "\(out)")
            #expect(out.contains("code: String (0.0) UNIQUE NOT NULL") && out.contains("households: Integer64"), "\(out)")
        }
        // Every feature reads, not just the summary.
        let all = try GDAL.run("ogrinfo", ["-ro", "-q", path, "grid", "-where", "code = '450299001001001'"])
        #expect(all.complaints == [], "\(all.err)")
        #expect(all.out.contains("MULTIPOLYGON (((108."), "\(all.out.prefix(600))")
        #expect(all.out.contains("parent_code (String) = 450299001001"))
    }

    @Test(arguments: ExportCRS.allCases)
    func gdalsConformanceCheckerFindsNothing(crs: ExportCRS) throws {
        let (scratch, path) = try export(crs)
        let checked = try GDAL.validate(path)
        #expect(checked.status == 0 && checked.out.isEmpty && checked.err.isEmpty, "\(checked.out)\(checked.err)")
        // The checker does fail: a GeoPackage whose R-tree lost a trigger is refused.
        let broken = scratch.path("broken.gpkg")
        try FileManager.default.copyItem(atPath: path, toPath: broken)
        let queue = try DatabaseQueue(path: broken)
        try queue.write { try $0.execute(sql: "DROP TRIGGER rtree_grid_geom_update1") }
        try queue.close()
        let refused = try GDAL.validate(broken)
        #expect(refused.status != 0 && refused.err.contains("rtree_grid_geom_update1 trigger missing"), "\(refused.err)")
    }

    @Test func aCGCS2000ExportDeclaresEPSG4490() throws {
        let (_, path) = try export(.cgcs2000)
        let layer = try GDAL.run("ogrinfo", ["-ro", "-so", path, "community"])
        #expect(layer.complaints == [], "\(layer.err)")
        #expect(layer.out.contains("GEOGCRS[\"China Geodetic Coordinate System 2000\""), "\(layer.out)")
        #expect(layer.out.contains("ID[\"EPSG\",4490]]"))
    }

    @Test func theRTreeHoldsEveryEnvelopeAndGDALEditsKeepItInStep() throws {
        let (_, path) = try export()
        func sql(_ statement: String, readOnly: Bool = true) throws -> String {
            let result = try GDAL.run("ogrinfo", (readOnly ? ["-ro"] : []) + [path, "-sql", statement])
            #expect(result.complaints == [], "\(statement): \(result.err)")
            return result.out
        }
        let index = try sql("SELECT COUNT(*) AS n, MIN(minx) AS x0, MAX(maxy) AS y1 FROM rtree_grid_geom")
        #expect(index.contains("n (Integer) = 110"), "\(index)")
        #expect(index.contains("x0 (Real) = 108.3"), "\(index)")
        #expect(try sql("SELECT HasSpatialIndex('grid', 'geom')").contains("= 1"))
        // The index answers a box query GDAL runs through it.
        let boxed = try GDAL.run("ogrinfo", ["-ro", "-so", path, "grid", "-spat", "108.40", "24.28", "108.42", "24.30"])
        #expect(boxed.out.contains("Feature Count: "), "\(boxed.out)")
        #expect(!boxed.out.contains("Feature Count: 110\n") && !boxed.out.contains("Feature Count: 0\n"), "\(boxed.out)")

        // GDAL (as QGIS) edits the layer: the triggers move, add and drop entries.
        _ = try sql("UPDATE grid SET geom = (SELECT geom FROM grid WHERE fid = 2) WHERE fid = 1", readOnly: false)
        let moved = try sql("SELECT a.minx = b.minx AND a.maxy = b.maxy AS same FROM rtree_grid_geom a, rtree_grid_geom b WHERE a.id = 1 AND b.id = 2")
        #expect(moved.contains("same (Integer) = 1"), "\(moved)")
        _ = try sql("INSERT INTO grid (geom, code, name) SELECT geom, '450299001001999', 'new' FROM grid WHERE fid = 3", readOnly: false)
        _ = try sql("DELETE FROM grid WHERE fid = 4", readOnly: false)
        let after = try sql("SELECT COUNT(*) AS n, SUM(id = 4) AS gone, MAX(id) AS newest FROM rtree_grid_geom")
        #expect(after.contains("n (Integer) = 110") && after.contains("gone (Integer) = 0") && after.contains("newest (Integer) = 111"), "\(after)")
    }

    @Test func theSpecTablesHoldWhatTheSpecRequires() throws {
        let (_, path) = try export()
        let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        defer { try? queue.close() }
        try queue.read { db in
            #expect(try Int32.fetchOne(db, sql: "PRAGMA application_id") == GeoPackage.applicationID)
            #expect(try Int32.fetchOne(db, sql: "PRAGMA user_version") == GeoPackage.userVersion)
            #expect(try Int.fetchAll(db, sql: "SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id") == [-1, 0, 4326])
            let tables = Self.counts.map { $0.0.rawValue }
            #expect(try String.fetchAll(db, sql: "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid") == tables)
            #expect(try String.fetchAll(db, sql: "SELECT table_name || ' ' || column_name || ' ' || geometry_type_name || ' ' || srs_id FROM gpkg_geometry_columns ORDER BY rowid")
                    == tables.map { "\($0) geom MULTIPOLYGON 4326" })
            #expect(try String.fetchAll(db, sql: "SELECT table_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index' AND scope = 'write-only' ORDER BY rowid") == tables)
            for table in tables {
                let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name", arguments: [table])
                #expect(triggers == ["delete", "insert", "update1", "update2", "update3", "update4"].map { "rtree_\(table)_geom_\($0)" })
            }
            // The contents' extent is the union of the features' boxes.
            let box = try Row.fetchOne(db, sql: "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'district'")!
            let district = try Demo.units().first { $0.tier == .district }!.geometry.bounds
            #expect([box[0], box[1], box[2], box[3]] as [Double] == [district.minLon, district.minLat, district.maxLon, district.maxLat])
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
    }
}
