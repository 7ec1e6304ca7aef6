import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore
import Testing

/// Drafts over the demo district: edits stored as logged revisions, undo, stale edits refused,
/// publishing an edited draft and looking up across its effective date.
@Suite struct DraftTests {
    let wgs = try! CoordinateConverter(from: .wgs84)

    /// A west-east line through a grid's interior point, overshooting its box on both sides.
    func cuttingLine(through code: String, in atlas: Atlas, generation: String) throws -> (line: [LonLat], inside: LonLat) {
        let g = try #require(try atlas.store.generation(named: generation))
        let unit = try #require(try atlas.store.units(inGeneration: g.id).first { $0.code == code })
        let inside = try DemoFiles.interiorPoint(of: code, in: atlas, generation: generation)
        let box = unit.geometry.bounds
        return ([LonLat(box.minLon - 0.001, inside.lat), LonLat(box.maxLon + 0.001, inside.lat)], inside)
    }

    func someGrid(_ atlas: Atlas) throws -> AreaUnit {
        let g = try #require(try atlas.store.generation(named: "2024"))
        return try #require(try atlas.store.units(inGeneration: g.id).first { $0.tier == .grid && $0.parentCode != nil })
    }

    @Test func aDraftStartsAsACopyOfTheGenerationInForceAndLogsEveryChange() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let published = try StoreSnapshot(atlas.store)
        let draft = try atlas.createDraft("2027", from: nil, note: "re-cut the centre", actor: "test")
        #expect(draft.state == .draft && draft.revision == 1 && draft.basedOn == published.generations[0].id)
        #expect(try atlas.store.units(inGeneration: draft.id) == published.units[0])

        let grid = try someGrid(atlas)
        let (line, _) = try cuttingLine(through: grid.code, in: atlas, generation: "2027")
        let change = try atlas.edit(draft: "2027", .split(code: grid.code, line: line, codes: nil, names: nil), actor: "planner-1")
        #expect(change.revision == 2 && change.operation == "split" && change.actor == "planner-1")
        #expect(change.saved.contains(grid.code) && change.saved.count >= 2)
        let log = try atlas.changes(of: "2027")
        #expect(log.map(\.operation) == ["create", "split"])
        #expect(log[0].summary.contains("started from '2024'") && log[0].notes == ["re-cut the centre"])

        // The review shows the grid as it was and the pieces as they are.
        let review = try atlas.review(change: 2, of: "2027")
        #expect(review.before.contains { $0.code == grid.code && $0.geometry == grid.geometry })
        #expect(Set(review.after.map(\.code)) == Set(change.saved))

        // The published generation did not move.
        let now = try StoreSnapshot(atlas.store)
        #expect(now.units[0] == published.units[0])
    }

    @Test func undoPutsBackExactlyWhatTheChangeReplaced() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let draft = try atlas.createDraft("d", from: "2024", actor: "test")
        let original = try atlas.store.units(inGeneration: draft.id)
        let grid = try someGrid(atlas)
        let (line, _) = try cuttingLine(through: grid.code, in: atlas, generation: "d")
        try atlas.edit(draft: "d", .split(code: grid.code, line: line, codes: nil, names: nil), actor: "test")
        try atlas.edit(draft: "d", .set(code: grid.code, name: "改名网格", households: nil, population: nil), actor: "test")
        #expect(try atlas.store.units(inGeneration: draft.id) != original)

        #expect(try atlas.undo(draft: "d").operation == "set")
        #expect(try atlas.undo(draft: "d").operation == "split")
        #expect(try atlas.store.units(inGeneration: draft.id) == original)
        #expect(try atlas.store.generation(named: "d")?.revision == 1)
        #expect(throws: StoreError.nothingToUndo("d")) { try atlas.undo(draft: "d") }
    }

    @Test func anEditWorkedOutBeforeAnotherLandedIsRefused() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.createDraft("d", from: "2024", actor: "test")
        let grid = try someGrid(atlas)
        try atlas.edit(draft: "d", .set(code: grid.code, name: "甲", households: nil, population: nil), actor: "a")
        #expect(throws: StoreError.draftChanged(name: "d", expected: 1, actual: 2)) {
            try atlas.store.applyDraftChange(to: "d", expectedRevision: 1, operation: "set", summary: "stale", notes: [],
                                             removing: [], saving: [], actor: "b")
        }
        #expect(try atlas.changes(of: "d").count == 2)
    }

    @Test func publishedGenerationsAndBadRequestsAreRefusedWithoutChange() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let before = try StoreSnapshot(atlas.store)
        let grid = try someGrid(atlas)
        #expect(throws: StoreError.generationPublished("2024")) {
            try atlas.edit(draft: "2024", .set(code: grid.code, name: "x", households: nil, population: nil), actor: "t")
        }
        #expect(throws: StoreError.generationPublished("2024")) { try atlas.discard(draft: "2024") }
        #expect(throws: StoreError.generationPublished("2024")) { try atlas.undo(draft: "2024") }
        #expect(throws: StoreError.generationExists("2024")) { try atlas.createDraft("2024", from: nil, actor: "t") }
        #expect(throws: StoreError.generationNotFound("nope")) { try atlas.createDraft("new", from: "nope", actor: "t") }
        #expect(throws: PlanningError.badDraftName("a/b")) { try atlas.createDraft("a/b", from: nil, actor: "t") }
        _ = try atlas.createDraft("d", from: nil, actor: "t")
        #expect(throws: EditError.unknownUnit("450299001001999")) {
            try atlas.edit(draft: "d", .set(code: "450299001001999", name: "x", households: nil, population: nil), actor: "t")
        }
        try atlas.discard(draft: "d")
        #expect(try StoreSnapshot(atlas.store) == before)
    }

    @Test func anEditedDraftPublishedForTheFutureAnswersFromItsDateOnly() throws {
        let (_, atlas) = try DemoFiles.loaded()
        _ = try atlas.createDraft("next", from: "2024", actor: "test")
        let grid = try someGrid(atlas)
        let (line, inside) = try cuttingLine(through: grid.code, in: atlas, generation: "next")
        let change = try atlas.edit(draft: "next", .split(code: grid.code, line: line, codes: nil, names: nil), actor: "test")
        // A draft pinned by name answers with the pieces already.
        let pinned = try atlas.resolve(inside, converter: wgs, generation: "next")
        #expect(change.saved.contains(pinned.units.first { $0.tier == "grid" }!.code))

        let start = Dates.now().addingTimeInterval(86_400 * 30)
        _ = try atlas.publish("next", effectiveFrom: start)
        #expect(try atlas.resolve(inside, converter: wgs).generation == "2024")
        #expect(try atlas.resolve(inside, converter: wgs, at: start.addingTimeInterval(-1)).generation == "2024")
        #expect(try atlas.resolve(inside, converter: wgs, at: start).generation == "next")
        // Once published, it is history: no more edits, and the log stays readable.
        #expect(throws: StoreError.generationPublished("next")) {
            try atlas.edit(draft: "next", .set(code: grid.code, name: "x", households: nil, population: nil), actor: "t")
        }
        #expect(try atlas.changes(of: "next").map(\.operation) == ["create", "split"])
    }
}
