import Foundation
import GRDB
import GridDomain
import GridGeoPackage
import GridGeometry
import GridImport
import Testing

/// Bad GeoPackages are refused as a whole, each problem naming the layer, fid and column.
@Suite struct GeoPackageRejectionTests {
    /// The problems a read is refused with (none when it is accepted).
    func problems(_ path: String, crs: CRS = .wgs84, explicit: Bool = false) -> [ImportProblem] {
        do {
            _ = try GeoPackageReader(source: "bad.gpkg", crs: crs, crsIsExplicit: explicit).read(path: path)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func geoJSONBytesAreNotAGeoPackage() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Demo.geoJSONPath))
        let rejected = #expect(throws: ImportRejected.self) { try GeoPackageReader(source: "units.gpkg").read(data) }
        #expect(rejected?.problems.count == 1)
        #expect(rejected?.problems.first?.description.hasPrefix("units.gpkg: file, field file: not a SQLite file") == true)
    }

    @Test func aSQLiteFileWithoutGeoPackageTablesIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.path("plain.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE grid (code TEXT, name TEXT)") }
        try queue.close()
        let found = problems(path)
        #expect(found.map(\.field) == ["gpkg_contents"])
        #expect(found.first?.reason.contains("not a GeoPackage: the SQLite file has no gpkg_contents table") == true)
    }

    @Test func aGeoPackageWithoutFeatureTablesIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.path("empty.gpkg")
        _ = try GeoPackageWriter(title: "x").write(try Demo.units(), to: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "UPDATE gpkg_contents SET data_type = 'attributes'") }
        try queue.close()
        #expect(problems(path).first?.reason.contains("no feature table") == true)
    }

    @Test func aLineStringLayerIsRefusedFeatureByFeature() throws {
        let scratch = try Scratch()
        let source = try scratch.write("lines.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"450299","name":"区"},"geometry":{"type":"Polygon","coordinates":[[[108.4,24.3],[108.5,24.3],[108.5,24.4],[108.4,24.3]]]}},
            {"type":"Feature","properties":{"code":"450299001","name":"街道"},"geometry":{"type":"LineString","coordinates":[[108.4,24.3],[108.5,24.4]]}}]}
            """)
        let path = scratch.path("lines.gpkg")
        try GDAL.toGeoPackage(path, from: source, ["-nln", "streets"])
        let found = problems(path)
        #expect(found.count == 1)
        #expect(found.first?.description == "bad.gpkg: layer streets, fid 2 (code 450299001), field geom: LineString is not areal: units must be Polygon or MultiPolygon")
    }

    @Test func anUnknownSRSIsRefusedForTheLayer() throws {
        let scratch = try Scratch()
        let path = scratch.path("srs.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { try $0.execute(sql: "UPDATE gpkg_geometry_columns SET srs_id = 999999") }
        let missingRow = problems(path)
        #expect(missingRow.count == 1)
        #expect(missingRow.first?.description == "bad.gpkg: layer units, field srs_id: unknown srs_id 999999: gpkg_spatial_ref_sys has no such row")
        // A row naming an EPSG code PROJ does not know.
        try queue.write {
            try $0.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES ('made up', 999999, 'EPSG', 999999, 'undefined', NULL)")
        }
        try queue.close()
        let unknownCode = problems(path)
        #expect(unknownCode.first?.location == "layer units")
        #expect(unknownCode.first?.reason.hasPrefix("unknown srs_id 999999:") == true, "\(unknownCode)")
    }

    @Test func missingColumnsAndBadValuesNameTheirColumn() throws {
        let scratch = try Scratch()
        let noCode = scratch.path("nocode.gpkg")
        try GDAL.toGeoPackage(noCode, from: Demo.geoJSONPath, ["-sql", "SELECT name, tier FROM units", "-nln", "grid"])
        let missing = problems(noCode)
        #expect(missing.count == 1)
        #expect(missing.first?.location == "layer grid")
        #expect(missing.first?.field == "code")
        #expect(missing.first?.reason.hasPrefix("missing column: every unit needs code and name") == true)

        let source = try scratch.write("values.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"CODE":"450299","Name":"区","households":"many"},"geometry":{"type":"Polygon","coordinates":[[[108.4,24.3],[108.5,24.3],[108.5,24.4],[108.4,24.3]]]}},
            {"type":"Feature","properties":{"CODE":"450299001","Name":"","households":"12"},"geometry":{"type":"Polygon","coordinates":[[[108.4,24.3],[108.5,24.3],[108.5,24.4],[108.4,24.3]]]}},
            {"type":"Feature","properties":{"CODE":"45029900","Name":"x","households":"3"},"geometry":null}]}
            """)
        let values = scratch.path("values.gpkg")
        try GDAL.toGeoPackage(values, from: source, ["-nln", "grid"])
        let found = problems(values).map(\.description)
        #expect(found.contains("bad.gpkg: layer grid, fid 1 (code 450299), field households: must be a non-negative whole number, got 'many'"), "\(found)")
        #expect(found.contains("bad.gpkg: layer grid, fid 2 (code 450299001), field Name: required: a non-empty name"), "\(found)")
        #expect(found.contains { $0.hasPrefix("bad.gpkg: layer grid, fid 3 (code 45029900), field CODE:") }, "\(found)")
        #expect(found.contains("bad.gpkg: layer grid, fid 3 (code 45029900), field geom: required: a Polygon or MultiPolygon"), "\(found)")
    }

    @Test func aBrokenBlobIsReportedWithItsFeature() throws {
        let scratch = try Scratch()
        let path = scratch.path("blob.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath)
        // GDAL's triggers would call its ST_ functions: drop them to edit the file with plain SQLite.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \"\(name)\"")
            }
            try db.execute(sql: "UPDATE units SET geom = x'475000010000000001' WHERE fid = 5")
            try db.execute(sql: "UPDATE units SET geom = x'0102' WHERE fid = 6")
        }
        try queue.close()
        let found = problems(path).map(\.description)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("layer units, fid 5") && $0.contains("field geom: bad geometry blob: the geometry blob ends early") }, "\(found)")
        #expect(found.contains { $0.contains("layer units, fid 6") && $0.contains("not a GeoPackage geometry blob") }, "\(found)")
    }

    @Test func duplicateCodesAcrossLayersAreRefusedByTheValidator() throws {
        let scratch = try Scratch()
        let path = scratch.path("dup.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath)
        let again = try GDAL.run("ogr2ogr", ["-update", "-nln", "extra", "-where", "code = '450299001001001'", path, Demo.geoJSONPath])
        #expect(again.status == 0, "\(again.err)")
        let reads = try GeoPackageReader(source: "dup.gpkg").read(path: path)
        let rejected = #expect(throws: ImportRejected.self) { try UnitValidator().validate(reads) }
        #expect(rejected?.problems.map(\.description) == [
            "dup.gpkg: layer units, fid 26 (code 450299001001001), field code: duplicate code: dup.gpkg layer extra, fid 1 has it too",
        ], "\(rejected?.problems ?? [])")
    }
}
