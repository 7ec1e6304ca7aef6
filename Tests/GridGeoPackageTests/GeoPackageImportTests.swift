import Foundation
import GridDomain
import GridGeoPackage
import GridGeometry
import GridImport
import Testing

/// GeoPackages written by GDAL (as QGIS writes them) and by GridAtlas itself read back as the
/// units they hold: codes, names, tiers, parents, base data, geometry.
@Suite struct GeoPackageImportTests {
    func read(_ path: String) throws -> [UnitFeatureReader.Read] {
        try GeoPackageReader(source: URL(fileURLWithPath: path).lastPathComponent).read(path: path)
    }

    @Test func aGeoPackageFromOgr2ogrEqualsTheGeoJSON() throws {
        let scratch = try Scratch()
        let path = scratch.path("ogr.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath)
        let reads = try read(path)
        #expect(differences(try Demo.units(), reads.map(\.unit), tolerance: 1e-9) == [])
        // One layer, named after the file, as GDAL names it; locations say layer and fid.
        #expect(reads.first?.location == "layer units, fid 1")
        #expect(reads.allSatisfy { $0.unit.attributesJSON == "{}" })
        try UnitValidator().validate(reads)
    }

    @Test func aMultiPolygonLayerEqualsTheGeoJSON() throws {
        let scratch = try Scratch()
        let path = scratch.path("multi.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath, ["-nlt", "MULTIPOLYGON", "-nln", "areas"])
        let reads = try read(path)
        #expect(differences(try Demo.units(), reads.map(\.unit), tolerance: 1e-9) == [])
        #expect(reads.last?.location.hasPrefix("layer areas, fid ") == true)
    }

    @Test func aProjectedLayerIsConvertedBackToWGS84() throws {
        let scratch = try Scratch()
        let path = scratch.path("4547.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath, ["-t_srs", "EPSG:4547"])
        // The file really is projected: eastings, not degrees.
        let info = try GDAL.run("ogrinfo", ["-ro", "-so", path, "units"])
        #expect(info.out.contains("\"EPSG\",4547"), "\(info.out)")
        let reads = try read(path)
        #expect(differences(try Demo.units(), reads.map(\.unit), tolerance: 1e-6) == [])
        try UnitValidator().validate(reads)
    }

    @Test func ourExportReadsBackUnchanged() throws {
        let scratch = try Scratch()
        let units = try Demo.units()
        for crs in ExportCRS.allCases {
            let path = scratch.path("export-\(crs.spatialRefSys.srsID).gpkg")
            _ = try GeoPackageWriter(crs: crs, title: "demo").write(units, to: path)
            let reads = try read(path)
            // Written as raw doubles: equal to the bit, attributes included.
            #expect(reads.map(\.unit).sorted { $0.code < $1.code } == units.sorted { $0.code < $1.code })
            #expect(reads.first?.location == "layer district, fid 1")
            #expect(reads.first?.field("code") == "code")
        }
    }

    @Test func freeAttributesSurviveTheRoundTrip() throws {
        let scratch = try Scratch()
        let grids = try Demo.units().filter { $0.tier == .grid }.prefix(3)
        let attributes = [
            #"{"leader":"张三","buildings":14,"area_ha":12.5,"flags":[1,2],"private":true,"code_old":"A-1"}"#,
            #"{"leader":"李四","buildings":9,"area_ha":3,"note":null,"code_old":"A-2"}"#,
            #"{"leader":"王五","buildings":21,"area_ha":7.25,"extra":{"k":"v"},"code_old":"A-3"}"#,
        ]
        let units = zip(grids, attributes).map { unit, json in
            var unit = unit
            unit.attributesJSON = json
            return unit
        }
        let path = scratch.path("attributes.gpkg")
        _ = try GeoPackageWriter(title: "attributes").write(units, to: path)
        // Keys all three share get typed columns QGIS shows; the rest stays in the JSON column.
        let info = try GDAL.run("ogrinfo", ["-ro", "-so", path, "grid"])
        for field in ["leader: String", "buildings: Integer", "area_ha: Real", "code_old: String", "attributes: String"] {
            #expect(info.out.contains(field), "\(field) in \(info.out)")
        }
        #expect(!info.out.contains("private:") && !info.out.contains("flags:"))
        let back = try read(path).map(\.unit)
        for (before, after) in zip(units, back) {
            let a = try JSONSerialization.jsonObject(with: Data(before.attributesJSON.utf8)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: Data(after.attributesJSON.utf8)) as? NSDictionary
            #expect(a == b, "\(before.attributesJSON) became \(after.attributesJSON)")
        }
    }

    @Test func theExportRefusesToOverwriteUnlessAsked() throws {
        let scratch = try Scratch()
        let path = try scratch.write("taken.gpkg", "not mine")
        let units = try Demo.units()
        #expect(throws: GeoPackageWriteError.fileExists(path)) { try GeoPackageWriter(title: "x").write(units, to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not mine")
        let layers = try GeoPackageWriter(title: "x").write(units, to: path, overwrite: true)
        #expect(layers.map(\.tier) == Tier.allCases)
        #expect(try read(path).count == units.count)
        #expect(throws: GeoPackageWriteError.nothingToWrite("no units to write")) {
            try GeoPackageWriter(title: "x").write([], to: scratch.path("none.gpkg"))
        }
        // Nothing is left behind: no partial file beside the target.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) == ["taken.gpkg"])
    }

    @Test func aCGCS2000LayerReadsAsWGS84AndClashesWithAnotherExplicitCRS() throws {
        let scratch = try Scratch()
        let path = scratch.path("undefined.gpkg")
        try GDAL.toGeoPackage(path, from: Demo.geoJSONPath, ["-a_srs", "EPSG:4490"])
        // A layer declaring CGCS2000 reads as WGS84 numbers, and clashes with an explicit GCJ-02.
        #expect(differences(try Demo.units(), try read(path).map(\.unit), tolerance: 1e-9) == [])
        let clash = #expect(throws: ImportRejected.self) {
            try GeoPackageReader(source: "undefined.gpkg", crs: .gcj02, crsIsExplicit: true).read(path: path)
        }
        #expect(clash?.problems.first?.reason.contains("declares EPSG:4490 but the import was told gcj02") == true)
    }
}
