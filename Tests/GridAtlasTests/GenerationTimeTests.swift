import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Testing

/// Two generations side by side: lookups `at` a moment use the one in force then.
@Suite struct GenerationTimeTests {
    let wgs = try! CoordinateConverter(from: .wgs84)

    /// The demo district again with every grid renamed: a redraw that shows in the answers.
    func secondGeneration() -> Data {
        Data(String(decoding: DemoFiles.units, as: UTF8.self).replacingOccurrences(of: "网格\"", with: "网格(新)\"").utf8)
    }

    @Test func lookupsUseTheGenerationInForceAtTheReportsTime() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let switchDay = Dates.parse("2026-01-01")!
        _ = try atlas.importUnits(files: [("v2.geojson", secondGeneration())], crs: .wgs84, crsIsExplicit: false, generation: "2026")
        let point = LonLat(108.43, 24.31)
        // Still a draft: not in force, but can be pinned by name.
        #expect(try atlas.resolve(point, converter: wgs, at: switchDay).generation == "2024")
        #expect(try atlas.resolve(point, converter: wgs, at: switchDay, generation: "2026").units.last!.name.hasSuffix("(新)"))

        // 2026-01-01 lies in the past for this test: publishing there rewrites answers since then.
        #expect(throws: StoreError.effectiveDateInThePast(name: "2026", date: switchDay, current: "2024")) {
            _ = try atlas.publish("2026", effectiveFrom: switchDay)
        }
        _ = try atlas.publish("2026", effectiveFrom: switchDay, backdate: true)
        let before = try atlas.resolve(point, converter: wgs, at: switchDay.addingTimeInterval(-1))
        let after = try atlas.resolve(point, converter: wgs, at: switchDay)
        #expect(before.generation == "2024" && !before.units.last!.name.hasSuffix("(新)"))
        #expect(after.generation == "2026" && after.units.last!.name.hasSuffix("(新)"))
        #expect(before.units.last!.code == after.units.last!.code)

        let generations = try atlas.generations()
        #expect(generations.first { $0.name == "2024" }?.effectiveTo == switchDay)
        #expect(throws: AtlasError.noGenerationInForce(Dates.parse("2023-06-01")!)) {
            _ = try atlas.resolve(point, converter: wgs, at: Dates.parse("2023-06-01")!)
        }
    }

    @Test func historyOnlyGrowsForward() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.importUnits(files: [("v2.geojson", secondGeneration())], crs: .wgs84, crsIsExplicit: false, generation: "late")
        #expect(throws: StoreError.self) { _ = try atlas.publish("late", effectiveFrom: Dates.parse("2023-01-01")!, backdate: true) }
        #expect(throws: StoreError.self) { _ = try atlas.publish("late", effectiveFrom: DemoFiles.jan2024, backdate: true) }
        #expect(throws: StoreError.generationNotFound("nope")) { _ = try atlas.publish("nope", effectiveFrom: Date()) }
        // A future date schedules the generation: today still answers with the current one.
        let future = Dates.now().addingTimeInterval(86_400 * 365)
        let scheduled = try atlas.publish("late", effectiveFrom: future)
        #expect(scheduled.status(at: Date()) == .scheduled)
        #expect(try atlas.resolve(LonLat(108.43, 24.31), converter: wgs).generation == "2024")
        #expect(try atlas.resolve(LonLat(108.43, 24.31), converter: wgs, at: future).generation == "late")
        #expect(throws: StoreError.generationPublished("late")) { _ = try atlas.publish("late", effectiveFrom: future) }
    }

    @Test func rosterChangesOverTime() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let roster = try atlas.store.roster()
        // A grid whose full-time worker changed on 2025-07-01 in the demo roster.
        let change = Dates.parse("2025-07-01")!
        let ended = try #require(roster.first { $0.validTo == change })
        let successor = try #require(roster.first { $0.unitCode == ended.unitCode && $0.validFrom == change })
        let point = try DemoFiles.interiorPoint(of: ended.unitCode, in: atlas)
        let before = try atlas.resolve(point, converter: wgs, at: change.addingTimeInterval(-60))
        let after = try atlas.resolve(point, converter: wgs, at: change)
        #expect(before.workers.contains { $0.id == ended.workerId } && !before.workers.contains { $0.id == successor.workerId })
        #expect(after.workers.contains { $0.id == successor.workerId } && !after.workers.contains { $0.id == ended.workerId })
    }
}

@Suite struct DraftLocatorTests {
    @Test func aDraftsLocatorFollowsUnitsAddedLater() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let wgs = try CoordinateConverter(from: .wgs84)
        let parents = Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001\",\"name\":\"街道\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001001\",\"name\":\"社区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
        ])
        _ = try atlas.importUnits(files: [("parents.geojson", Data(parents.utf8))], crs: .wgs84, crsIsExplicit: false, generation: "draft")
        let point = LonLat(108.41, 24.31)
        #expect(try atlas.resolve(point, converter: wgs, generation: "draft").status == "gap")
        // Grids added to the same draft by another Atlas (another process) on the same store.
        let other = Atlas(store: atlas.store)
        let grids = Feature.collection([
            Feature.make("\"code\":\"450203001001001\",\"name\":\"一网格\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
        ])
        _ = try other.importUnits(files: [("grids.geojson", Data(grids.utf8))], crs: .wgs84, crsIsExplicit: false, generation: "draft")
        let answer = try atlas.resolve(point, converter: wgs, generation: "draft")
        #expect(answer.status == "inside" && answer.units.last?.code == "450203001001001")
    }
}
