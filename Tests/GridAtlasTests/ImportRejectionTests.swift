import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Testing

/// Every rejection names the file, the feature or line, the field and the reason, and stores nothing.
@Suite struct ImportRejectionTests {
    func rejection(_ geojson: String, crs: CRS = .wgs84, explicit: Bool = false, tolerance: Double = 1.0,
                   sourceLoaded: Bool = true) throws -> [ImportProblem] {
        let (scratch, atlas) = try DemoFiles.loaded()
        let before = try StoreSnapshot(atlas.store)
        var problems: [ImportProblem] = []
        do {
            _ = try atlas.importUnits(files: [("bad.geojson", Data(geojson.utf8))], crs: crs, crsIsExplicit: explicit,
                                      generation: "next", toleranceM2: tolerance)
            Issue.record("the import was accepted")
        } catch let error as ImportRejected {
            problems = error.problems
        }
        // Nothing partial: the store is exactly as before, and reopening it shows the same.
        #expect(try StoreSnapshot(atlas.store) == before)
        #expect(try StoreSnapshot(GridStore(path: scratch.storePath)) == before)
        return problems
    }

    @Test func malformedJSON() throws {
        let problems = try rejection("{\"type\": \"FeatureCollection\", \"features\": [")
        #expect(problems.count == 1)
        #expect(problems[0].field == "json" && problems[0].reason.hasPrefix("malformed JSON"))
        #expect(problems[0].description.hasPrefix("bad.geojson: file, field json"))
    }

    @Test func notAFeatureCollection() throws {
        let problems = try rejection("{\"type\": \"Feature\"}")
        #expect(problems.first?.reason.contains("FeatureCollection") == true)
    }

    @Test func invalidGeometryNamesGEOSReasonAndWhere() throws {
        let bowTie = [[108.40, 24.30], [108.42, 24.32], [108.42, 24.30], [108.40, 24.32], [108.40, 24.30]]
        let problems = try rejection(Feature.hierarchy(extra: [Feature.make("\"code\":\"450203001001003\",\"name\":\"坏\"", rings: [bowTie])]))
        let problem = try #require(problems.first { $0.code == "450203001001003" && $0.field == "geometry" && $0.reason.contains("invalid geometry") })
        #expect(problem.reason.contains("Self-intersection"))
        #expect(problem.reason.contains("(108.41, 24.31"))
        #expect(problem.location == "feature 5")
    }

    @Test func unknownCRS() throws {
        let problems = try rejection(Feature.hierarchy(), crs: .epsg(999_999), explicit: true)
        #expect(problems.first?.field == "crs")
        #expect(problems.first?.reason.contains("unknown CRS 'EPSG:999999'") == true)
        #expect(throws: CRS.UnknownName.self) { try CRS(parsing: "EPSG:abc") }
    }

    @Test func fileCRSConflictingWithTheCommandLine() throws {
        var text = Feature.hierarchy()
        text.insert(contentsOf: "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}},", at: text.index(after: text.startIndex))
        let problems = try rejection(text, crs: .gcj02, explicit: true)
        #expect(problems.first?.reason.contains("declares EPSG:4547") == true)
    }

    @Test func coordinatesOutOfRange() throws {
        let problems = try rejection(Feature.hierarchy(extra: [
            Feature.make("\"code\":\"450203001001003\",\"name\":\"远\"", rings: [Feature.square(181, 24.3, 0.01)]),
        ]))
        let problem = try #require(problems.first)
        #expect(problem.location == "feature 5" && problem.field == "geometry.coordinates[0][0]")
        #expect(problem.reason.contains("out of range"))
    }

    @Test func duplicateCode() throws {
        let problems = try rejection(Feature.hierarchy(extra: [
            Feature.make("\"code\":\"450203001001002\",\"name\":\"又是二\"", rings: [Feature.square(108.42, 24.30, 0.01)]),
        ]))
        #expect(problems.contains { $0.location == "feature 5" && $0.reason.contains("duplicate code") && $0.reason.contains("feature 4") })
    }

    @Test func codeNotExtendingItsParent() throws {
        let problems = try rejection(Feature.hierarchy(extra: [
            Feature.make("\"code\":\"450203001001003\",\"name\":\"错父\",\"parent\":\"450203001002\"", rings: [Feature.square(108.40, 24.30, 0.001)]),
        ]))
        #expect(problems.contains { $0.field == "properties.parent" && $0.reason.contains("does not extend its parent's code 450203001002") })
    }

    @Test func missingParent() throws {
        let problems = try rejection(Feature.hierarchy(extra: [
            Feature.make("\"code\":\"450203001009001\",\"name\":\"孤\"", rings: [Feature.square(108.40, 24.30, 0.001)]),
        ]))
        #expect(problems.contains { $0.code == "450203001009001" && $0.reason.contains("missing parent: no unit with code 450203001009") })
    }

    @Test func tierOrderBroken() throws {
        let problems = try rejection(Feature.hierarchy(extra: [
            Feature.make("\"code\":\"450203001001003\",\"name\":\"跳级\",\"parent\":\"450203001\"", rings: [Feature.square(108.40, 24.30, 0.001)]),
            Feature.make("\"code\":\"450203001001\",\"name\":\"错层\",\"tier\":\"grid\"", rings: [Feature.square(108.40, 24.30, 0.001)]),
        ]))
        #expect(problems.contains { $0.location == "feature 5" && $0.reason.contains("tier order broken") })
        #expect(problems.contains { $0.location == "feature 6" && $0.field == "properties.tier" })
    }

    @Test func spillOutsideTheParentBeyondTolerance() throws {
        // The second grid reaches 0.001° (about 100 m) east of its community.
        let text = Feature.hierarchy().replacingOccurrences(of: "[108.44,24.3],[108.44,24.34]", with: "[108.441,24.3],[108.441,24.34]")
        let problems = try rejection(text)
        let problem = try #require(problems.first { $0.reason.contains("spills outside its parent 450203001001") })
        #expect(problem.code == "450203001001002")
        // 0.001° × 0.04° near 24.3°N: about 101 m × 4,430 m.
        let area = Double(problem.reason.split(separator: " ")[6])!
        #expect(area > 430_000 && area < 460_000)
        // With a tolerance above that area, the same file is accepted.
        let (_, atlas) = try DemoFiles.loaded()
        #expect(throws: Never.self) {
            _ = try atlas.importUnits(files: [("ok.geojson", Data(text.utf8))], crs: .wgs84, crsIsExplicit: false,
                                      generation: "tolerant", toleranceM2: 500_000)
        }
    }

    @Test func siblingsOverlapping() throws {
        let text = Feature.hierarchy().replacingOccurrences(of: "[108.42,24.3],[108.42,24.34]", with: "[108.425,24.3],[108.425,24.34]")
        let problems = try rejection(text)
        #expect(problems.contains { $0.code == "450203001001002" && $0.reason.contains("overlaps sibling 450203001001001") })
    }

    @Test func unclosedRingAndMissingFields() throws {
        let open = [[108.40, 24.30], [108.41, 24.30], [108.41, 24.31], [108.40, 24.31]]
        let problems = try rejection(Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [open]),
            Feature.make("\"name\":\"无码\"", rings: [Feature.square(108.40, 24.30, 0.01)]),
            Feature.make("\"code\":\"450204\",\"households\":-3,\"name\":\"负\"", rings: [Feature.square(108.40, 24.30, 0.01)]),
        ]))
        #expect(problems.contains { $0.location == "feature 0" && $0.reason.contains("not closed") })
        #expect(problems.contains { $0.location == "feature 1" && $0.field == "properties.code" })
        #expect(problems.contains { $0.location == "feature 2" && $0.field == "properties.households" })
    }

    @Test func publishedGenerationsCannotChange() throws {
        let (_, atlas) = try DemoFiles.loaded()
        #expect(throws: StoreError.generationPublished("2024")) {
            _ = try atlas.importUnits(files: [("more.geojson", Data(Feature.hierarchy().utf8))], crs: .wgs84, crsIsExplicit: false,
                                      generation: "2024")
        }
    }
}

extension ImportRejectionTests {
    @Test func aRefusedParentIsNamedInsteadOfMissing() throws {
        let problems = try rejection(Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001\",\"name\":\"街道\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001001\",\"name\":\"错层\",\"tier\":\"grid\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001001001\",\"name\":\"子\"", rings: [Feature.square(108.40, 24.30, 0.01)]),
        ]))
        #expect(problems.count == 2)
        #expect(problems.contains { $0.location == "feature 3" && $0.reason == "parent 450203001001 is refused itself (bad.geojson feature 2)" })
    }

    @Test func aUnitWithoutAreaIsRefused() throws {
        // Degrees read as metres of a projected CRS collapse to a speck near the false origin.
        let problems = try rejection(Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
        ]), crs: .epsg(4547), explicit: true)
        #expect(problems.first?.reason.hasPrefix("the unit has no area") == true)
    }
}
