import Foundation
import GridAtlas
import GridDomain
import GridGeoPackage
import GridImport
import GridStore
import Testing

/// The planners' round trip through the Atlas: export a generation, bring the file back as a
/// draft; and the same refusals as GeoJSON, with nothing stored.
@Suite struct GeoPackageAtlasTests {
    @Test func anExportImportsBackAsAnEqualDraft() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let path = scratch.folder.appendingPathComponent("2024.gpkg").path
        let export = try atlas.exportGeoPackage(generation: "2024", to: path)
        #expect(export.layers.map(\.features) == [1, 4, 20, 110, 12])
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try atlas.importUnits(files: [("2024.gpkg", data)], crs: .wgs84, crsIsExplicit: false, generation: "draft")
        #expect(result.generation.state == .draft)
        #expect(result.counts[.grid] == 110)
        let before = try atlas.store.units(inGeneration: try atlas.store.generation(named: "2024")!.id)
        let after = try atlas.store.units(inGeneration: result.generation.id)
        #expect(after.sorted { $0.code < $1.code } == before.sorted { $0.code < $1.code })
        // No temporary copy of the upload is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("gridatlas-import-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func oneTierExportsAloneAndAnOrphanedImportStoresNothing() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let path = scratch.folder.appendingPathComponent("grids.gpkg").path
        let export = try atlas.exportGeoPackage(generation: "2024", to: path, tiers: [.grid], crs: .cgcs2000)
        #expect(export.layers.map(\.tier) == [.grid])
        let snapshot = try StoreSnapshot(atlas.store)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let rejected = #expect(throws: ImportRejected.self) {
            try atlas.importUnits(files: [("grids.gpkg", data)], crs: .wgs84, crsIsExplicit: false, generation: "orphans")
        }
        #expect(rejected?.problems.count == 110)
        #expect(rejected?.problems.first?.description.hasPrefix("grids.gpkg: layer grid, fid 1 (code 450299001001001), field parent:") == true,
                "\(rejected?.problems.first?.description ?? "")")
        #expect(try StoreSnapshot(atlas.store) == snapshot)
    }

    @Test func aCodeInTwoLayersIsRefusedAndNothingIsStored() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let units = try atlas.store.units(inGeneration: try atlas.store.generation(named: "2024")!.id)
        // A grid copied into the community layer (as a planner might paste it in QGIS).
        var pasted = units.first { $0.code == "450299001001001" }!
        pasted.tier = .community
        let path = scratch.folder.appendingPathComponent("pasted.gpkg").path
        _ = try GeoPackageWriter(title: "pasted").write(units + [pasted], to: path)
        let snapshot = try StoreSnapshot(atlas.store)
        let rejected = #expect(throws: ImportRejected.self) {
            try atlas.importUnits(files: [("pasted.gpkg", try Data(contentsOf: URL(fileURLWithPath: path)))], crs: .wgs84,
                                  crsIsExplicit: false, generation: "pasted")
        }
        #expect(rejected?.problems.map(\.description) == [
            "pasted.gpkg: layer grid, fid 1 (code 450299001001001), field code: duplicate code: pasted.gpkg layer community, fid 2 has it too",
        ])
        #expect(try StoreSnapshot(atlas.store) == snapshot)
    }

    @Test func exportRefusals() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let path = scratch.folder.appendingPathComponent("x.gpkg").path
        #expect(throws: StoreError.generationNotFound("ghost")) { try atlas.exportGeoPackage(generation: "ghost", to: path) }
        _ = try atlas.importUnits(files: [("h.geojson", Data(Feature.hierarchy().utf8))], crs: .wgs84, crsIsExplicit: false, generation: "small")
        #expect(throws: GeoPackageWriteError.nothingToWrite("generation 'small' has no units of tier micro_area")) {
            try atlas.exportGeoPackage(generation: "small", to: path, tiers: [.microArea])
        }
        _ = try atlas.exportGeoPackage(generation: "small", to: path)
        #expect(throws: GeoPackageWriteError.fileExists(path)) { try atlas.exportGeoPackage(generation: "small", to: path) }
        #expect(try atlas.exportGeoPackage(generation: "2024", to: path, overwrite: true).layers.count == 5)
        let bytes = try atlas.geoPackageData(generation: "small", tiers: [.grid])
        #expect(bytes.starts(with: GeoPackage.sqliteMagic))
    }

    @Test func geoJSONNamedOrDeclaredAGeoPackageIsRefused() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let snapshot = try StoreSnapshot(atlas.store)
        for (name, format) in [("edited.gpkg", nil), ("body", UnitFileFormat.geoPackage)] {
            let rejected = #expect(throws: ImportRejected.self) {
                try atlas.importUnits(files: [(name, DemoFiles.units)], crs: .wgs84, crsIsExplicit: false, generation: "g", format: format)
            }
            #expect(rejected?.problems.first?.reason.hasPrefix("not a SQLite file") == true)
        }
        // Sniffed by content, a GeoJSON file still reads as GeoJSON whatever else it is called.
        #expect(UnitFileFormat.sniff(name: "units.json", data: DemoFiles.units) == .geoJSON)
        #expect(try StoreSnapshot(atlas.store) == snapshot)
    }
}
