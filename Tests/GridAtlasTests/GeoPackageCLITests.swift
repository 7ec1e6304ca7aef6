import Foundation
import Testing

/// `gridatlas export` and `gridatlas import units FILE.gpkg`, run as the binary.
@Suite struct GeoPackageCLITests {
    let cli = CLITests()

    @Test func exportEditImportBack() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let scratch = try Scratch()
        let store = scratch.storePath
        let imported = try cli.run(["import", "units", "data/demo/units.geojson", "--generation", "2024", "--activate", "--effective", "2024-01-01"], store: store)
        #expect(imported.status == 0, "\(imported.err)")
        let file = scratch.folder.appendingPathComponent("2024.gpkg").path

        let exported = try cli.run(["export", "2024", "--output", file], store: store)
        #expect(exported.status == 0, "\(exported.err)")
        #expect(exported.out == "exported generation '2024' to \(file) (EPSG:4326): 1 district, 4 subdistrict, 20 community, 110 grid, 12 micro_area\n")

        let again = try cli.run(["export", "2024", "--output", file], store: store)
        #expect(again.status == 1)
        #expect(again.err.contains("already exists: choose another file, or overwrite it (--force)"))
        let forced = try cli.run(["export", "2024", "-o", file, "--force", "--tier", "grid", "--tier", "community", "--crs", "EPSG:4490"], store: store)
        #expect(forced.status == 0, "\(forced.err)")
        #expect(forced.out.hasSuffix("(EPSG:4490): 20 community, 110 grid\n"), "\(forced.out)")

        #expect(try cli.run(["export", "2024", "-o", file, "--force", "--tier", "planet"], store: store).err.contains("unknown tier 'planet'"))
        #expect(try cli.run(["export", "2024", "-o", file, "--force", "--crs", "EPSG:4547"], store: store).err
                .contains("a GeoPackage export is declared in EPSG:4326 or EPSG:4490, not EPSG:4547"))
        #expect(try cli.run(["export", "ghost", "-o", file, "--force"], store: store).err.contains("no generation named 'ghost'"))

        // The whole generation back as a draft.
        _ = try cli.run(["export", "2024", "-o", file, "--force"], store: store)
        let back = try cli.run(["import", "units", file, "--generation", "2025-draft"], store: store)
        #expect(back.status == 0, "\(back.err)")
        #expect(back.out.contains("imported 1 district, 4 subdistrict, 20 community, 110 grid, 12 micro_area into generation '2025-draft' (draft)"), "\(back.out)")

        // Refused with layer and fid: the grids alone have no parents in a new generation.
        _ = try cli.run(["export", "2024", "-o", file, "--force", "--tier", "grid"], store: store)
        let orphans = try cli.run(["import", "units", file, "--generation", "orphans"], store: store)
        #expect(orphans.status == 1)
        #expect(orphans.err.contains("import rejected, nothing was stored (110 problems)"))
        #expect(orphans.err.contains("2024.gpkg: layer grid, fid 1 (code 450299001001001), field parent:"), "\(orphans.err.prefix(400))")
        #expect(!(try cli.run(["generations", "list"], store: store).out.contains("orphans")))
    }
}
