import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore
import Testing

/// Publishing is refused while the topology check finds errors; a repair stored as a revision
/// clears them; an import published in one go passes the same gate.
@Suite struct PublishGateTests {
    /// A grid of the demo with no micro-areas below it.
    func plainGrid(_ atlas: Atlas) throws -> AreaUnit {
        let g = try #require(try atlas.store.generation(named: "2024"))
        let units = try atlas.store.units(inGeneration: g.id)
        let parents = Set(units.compactMap(\.parentCode))
        return try #require(units.first { $0.tier == .grid && !parents.contains($0.code) })
    }

    /// The grid without a strip 0.0003° wide along the east of its box: a gap against its neighbours.
    func shaved(_ grid: AreaUnit) throws -> (shape: MultiPolygon, stripM2: Double) {
        let box = grid.geometry.bounds
        let keep = MultiPolygon(Polygon(exterior: Ring([LonLat(box.minLon - 1e-3, box.minLat - 1e-3), LonLat(box.maxLon - 3e-4, box.minLat - 1e-3),
                                                        LonLat(box.maxLon - 3e-4, box.maxLat + 1e-3), LonLat(box.minLon - 1e-3, box.maxLat + 1e-3),
                                                        LonLat(box.minLon - 1e-3, box.minLat - 1e-3)])))
        let geos = GEOSContext()
        let shape = geos.polygons(of: try geos.intersection(try geos.geometry(grid.geometry), try geos.geometry(keep)))
        return (shape, Geodesic.wgs84.area(grid.geometry) - Geodesic.wgs84.area(shape))
    }

    @Test func aDraftWithAGapIsRefusedUntilARepairFillsIt() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.createDraft("d", from: "2024", actor: "test")
        let grid = try plainGrid(atlas)
        let (shape, strip) = try shaved(grid)
        try atlas.edit(draft: "d", .replace(code: grid.code, geometry: shape, adjustNeighbours: false), actor: "test")

        let later = Dates.now().addingTimeInterval(86_400 * 60)
        do {
            _ = try atlas.publish("d", effectiveFrom: later)
            Issue.record("a draft with a gap was published")
        } catch let refused as PublishRefused {
            let gaps = refused.report.errors.filter { $0.kind == .gap }
            #expect(gaps.count == 1)
            #expect(abs((gaps.first?.areaM2 ?? 0) - strip) < 1, "gap \(gaps.first?.areaM2 ?? 0) m², strip \(strip) m²")
            #expect(refused.description.contains("cannot publish 'd'"))
        }
        #expect(try atlas.store.generation(named: "d")?.state == .draft)

        // Too small a limit leaves it, and says so; a large enough one gives it back to the grid.
        #expect(throws: EditError.self) { try atlas.repair(draft: "d", .fillGaps(maxAreaM2: strip / 10), actor: "test") }
        let repaired = try atlas.repair(draft: "d", .fillGaps(maxAreaM2: strip * 2), actor: "planner")
        #expect(repaired.operation == "fill-gaps" && repaired.revision == 3 && !repaired.notes.isEmpty)
        #expect(try atlas.validate(generation: "d", tolerances: .standard).isPublishable)

        // The repair is a revision like any other: undone, the gap is back.
        try atlas.undo(draft: "d")
        #expect(try !atlas.validate(generation: "d", tolerances: .standard).isPublishable)
        try atlas.repair(draft: "d", .fillGaps(maxAreaM2: strip * 2), actor: "planner")

        let (published, report) = try atlas.publishChecked("d", effectiveFrom: later)
        #expect(published.state == .published && report.errorCount == 0)
        #expect(try atlas.changes(of: "d").map(\.operation) == ["create", "replace", "fill-gaps"])
    }

    @Test func repairsRefuseBadSettingsAndPublishedGenerations() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.createDraft("d", from: "2024", actor: "test")
        #expect(throws: TopologyTolerances.Invalid.self) { try atlas.repair(draft: "d", .snap(toleranceM: -1), actor: "t") }
        #expect(throws: StoreError.generationPublished("2024")) { try atlas.repair(draft: "2024", .makeValid, actor: "t") }
        // The demo is clean: nothing to snap, and nothing is stored.
        #expect(throws: EditError.self) { try atlas.repair(draft: "d", .snap(toleranceM: 0.5), actor: "t") }
        #expect(try atlas.changes(of: "d").count == 1)
    }

    @Test func anImportPublishedInOneGoPassesTheSameGate() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let grid = try plainGrid(atlas)
        var collection = try #require(try JSONSerialization.jsonObject(with: DemoFiles.units) as? [String: Any])
        collection["features"] = (collection["features"] as? [[String: Any]] ?? []).filter {
            ($0["properties"] as? [String: Any])?["code"] as? String != grid.code
        }
        let holed = try JSONSerialization.data(withJSONObject: collection)
        let before = try StoreSnapshot(atlas.store)
        #expect(throws: PublishRefused.self) {
            try atlas.importUnits(files: [("holed.geojson", holed)], crs: .wgs84, crsIsExplicit: false, generation: "2026",
                                  publishAt: Dates.now().addingTimeInterval(86_400))
        }
        #expect(try StoreSnapshot(atlas.store) == before)
        // Without publishing, the same file lands as a draft for the planner to mend.
        _ = try atlas.importUnits(files: [("holed.geojson", holed)], crs: .wgs84, crsIsExplicit: false, generation: "2026")
        #expect(try atlas.store.generation(named: "2026")?.state == .draft)
        _ = scratch
    }
}

/// The renumber edit's reading order and the check's sequence rule are two implementations of
/// one standard: an order the edit produces must pass the check.
@Suite struct SequenceAgreementTests {
    @Test func renumberingInReadingOrderClearsTheSequenceWarnings() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.createDraft("d", from: "2024", actor: "test")
        let community = "450299001001"
        let g = try #require(try atlas.store.generation(named: "d"))
        let grids = try atlas.store.units(inGeneration: g.id).filter { $0.parentCode == community && $0.tier == .grid }.map(\.code).sorted()
        try #require(grids.count >= 3)
        // Swap the first and the last grid's codes through a free one.
        let spare = community + "099"
        for (from, to) in [(grids[0], spare), (grids[grids.count - 1], grids[0]), (spare, grids[grids.count - 1])] {
            try atlas.edit(draft: "d", .renumber(code: from, newCode: to), actor: "test")
        }
        func sequenceWarnings() throws -> [String] {
            try atlas.validate(generation: "d", tolerances: .standard).problems
                .filter { $0.kind == .codeSequence && $0.codes.allSatisfy { $0.hasPrefix(community) } }.map(\.message)
        }
        #expect(try !sequenceWarnings().isEmpty)
        let change = try atlas.edit(draft: "d", .renumberChildren(parent: community), actor: "test")
        #expect(change.operation == "renumber" && change.saved.count >= 2)
        #expect(try sequenceWarnings().isEmpty)
    }
}
