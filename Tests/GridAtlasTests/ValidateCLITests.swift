import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore
import Testing

/// `gridatlas validate` as a user runs it: a linter's exit codes (0 clean or warnings only, 1
/// while errors remain or on bad input), a summary, each error on a line, a GeoJSON file.
@Suite struct ValidateCLITests {
    let cli = CLITests()

    /// The demo as `2024`, and as draft `holed` without one of its grids.
    static func stores() throws -> (Scratch, removed: AreaUnit) {
        let (scratch, atlas) = try DemoFiles.loaded()
        let units = try atlas.store.units(inGeneration: try atlas.store.generation(named: "2024")!.id)
        let parents = Set(units.compactMap(\.parentCode))
        let removed = units.first {
            $0.tier == .grid && !parents.contains($0.code) && $0.geometry.polygons.count == 1 && $0.geometry.polygons[0].holes.isEmpty
        }!
        try atlas.store.saveUnits(units.filter { $0.code != removed.code }, generation: "holed")
        return (scratch, removed)
    }

    @Test func theDemoPassesAndADraftWithAHoleFails() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, removed) = try Self.stores()
        let clean = try cli.run(["validate", "2024"], store: scratch.storePath)
        #expect(clean.status == 0, "\(clean.out)\(clean.err)")
        #expect(clean.out.contains("generation '2024'") && clean.out.contains("units checked"))
        #expect(!clean.out.contains("error:"))

        let file = scratch.folder.appendingPathComponent("problems.geojson").path
        let holed = try cli.run(["validate", "holed", "--geojson", file, "--error-area", "5"], store: scratch.storePath)
        #expect(holed.status == 1, "\(holed.out)\(holed.err)")
        #expect(holed.out.contains("not publishable"))
        #expect(holed.out.contains("grid         gap"))
        #expect(holed.out.contains("error: [gap] gap of") && holed.out.contains(removed.parentCode!))
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        #expect((written?["features"] as? [Any])?.count == 1)

        let json = try cli.run(["validate", "holed", "--json"], store: scratch.storePath)
        #expect(json.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(decoded?["publishable"] as? Bool == false)
        let area = ((decoded?["problems"] as? [[String: Any]])?.first?["area_m2"] as? Double) ?? 0
        let expected = Geodesic.wgs84.area(removed.geometry)
        #expect(abs(area - expected) < 0.01 * expected)

        // Only the community tier: the hole is a grid-tier problem, so this passes.
        let communities = try cli.run(["validate", "holed", "--tier", "community"], store: scratch.storePath)
        #expect(communities.status == 0, "\(communities.out)")
    }

    @Test func badInputSaysWhatIsWrong() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, _) = try DemoFiles.loaded()
        let negative = try cli.run(["validate", "2024", "--sliver-width=-1"], store: scratch.storePath)
        #expect(negative.status == 1 && negative.err.contains("--sliver-width") && negative.err.contains("0 or more"), "\(negative.err)")
        let angle = try cli.run(["validate", "2024", "--spike-angle", "200"], store: scratch.storePath)
        #expect(angle.status == 1 && angle.err.contains("--spike-angle"), "\(angle.err)")
        let unknown = try cli.run(["validate", "none-such"], store: scratch.storePath)
        #expect(unknown.status == 1 && unknown.err.contains("none-such"), "\(unknown.err)")
        let tier = try cli.run(["validate", "2024", "--tier", "planet"], store: scratch.storePath)
        #expect(tier.status == 1 && tier.err.contains("planet"), "\(tier.err)")
        let notANumber = try cli.run(["validate", "2024", "--error-area", "big"], store: scratch.storePath)
        #expect(notANumber.status != 0 && notANumber.err.contains("error-area"), "\(notANumber.err)")
    }
}
