import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridSynth
import Testing

/// `gridatlas diff` and `gridatlas balance` run as a user would, on the demo store with a redraw
/// of it imported as a draft.
@Suite struct DiffCLITests {
    let cli = CLITests()

    /// The demo store plus draft `redraw`: pairs merged in every third community, an edge moved in the others.
    static func store() throws -> (Scratch, SyntheticRedraw.Outcome) {
        let (scratch, atlas) = try DemoFiles.loaded()
        let base = try atlas.store.generation(named: "2024")!
        var redraw = SyntheticRedraw()
        redraw.mergeEvery = 3
        let outcome = redraw.apply(to: try atlas.store.units(inGeneration: base.id))
        _ = try atlas.importUnits(files: [("redraw.geojson", Data(UnitFeatureWriter.featureCollection(outcome.units).utf8))],
                                  crs: .wgs84, crsIsExplicit: false, generation: "redraw")
        return (scratch, outcome)
    }

    @Test func diffPrintsTheSummaryAndWritesTheGeoJSONLayer() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, outcome) = try Self.store()
        let layer = scratch.folder.appendingPathComponent("flows.geojson").path
        let run = try cli.run(["diff", "2024", "redraw", "--geojson", layer], store: scratch.storePath)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("grid tier, '2024' → 'redraw': 110 → \(110 - outcome.merges.count) units"), "\(run.out)")
        #expect(run.out.contains("added 0, removed \(outcome.merges.count), changed \(outcome.merges.count + 2 * outcome.moves.count)"), "\(run.out)")
        #expect(run.out.contains("\(outcome.merges.count + outcome.moves.count) flows"))
        #expect(run.out.contains("largest flows:") && run.out.contains("workers affected:"))
        let written = try #require(FileManager.default.contents(atPath: layer))
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect((object["features"] as? [Any])?.count == outcome.merges.count + outcome.moves.count)

        let json = try cli.run(["diff", "2024", "redraw", "--json", "--days", "30"], store: scratch.storePath)
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(answer["days"] as? Int == 30 && answer["old"] as? String == "2024")
    }

    @Test func balancePrintsBothGenerationsSideBySide() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, outcome) = try Self.store()
        let run = try cli.run(["balance", "redraw", "--against", "2024", "--households", "160-500"], store: scratch.storePath)
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "balance: households 160-500 per grid, reports of the last 90 days")
        let grids = try #require(lines.first { $0.hasPrefix("grids ") })
        #expect(grids.split(separator: " ").map(String.init) == ["grids", "110", "\(110 - outcome.merges.count)"])
        let units = try scratch.atlas().store.units(inGeneration: try scratch.atlas().store.generation(named: "2024")!.id)
        let over = units.filter { $0.tier == .grid && ($0.households ?? 0) > 500 }.count
        let overLine = try #require(lines.first { $0.hasPrefix("over 500 households") })
        #expect(overLine.split(separator: " ").map(String.init)[3] == "\(over)")
    }

    @Test func badInputFailsWithAMessageNamingIt() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, _) = try Self.store()
        let store = scratch.storePath
        let unknown = try cli.run(["diff", "2024", "none-such"], store: store)
        #expect(unknown.status == 1 && unknown.err.contains("none-such"))
        let days = try cli.run(["diff", "2024", "redraw", "--days", "0"], store: store)
        #expect(days.status != 0 && days.err.contains("--days"))
        let layer = try cli.run(["diff", "2024", "redraw", "--geojson", "/tmp/x.geojson", "--layer", "roads"], store: store)
        #expect(layer.status != 0 && layer.err.contains("--layer"))
        let range = try cli.run(["balance", "redraw", "--households", "500-300"], store: store)
        #expect(range.status != 0 && range.err.contains("households"))
        let shape = try cli.run(["balance", "redraw", "--households", "many"], store: store)
        #expect(shape.status != 0 && shape.err.contains("300-500"))
        let nothing = try cli.run(["balance", "2024"], store: store)
        #expect(nothing.status == 1 && nothing.err.contains("against"))
    }
}
