import GridDomain
import GridGeometry
import GridPlanning
import GridSynth
import Testing

/// The diff over a whole synthetic district after a redraw, checked against the redraw's own
/// record of what it did and against areas computed from the units directly.
@Suite struct SyntheticRedrawDiffTests {
    static let district = SyntheticDistrict(.demo)

    @Test func everyMergeAndMovedEdgeShowsAsTheFlowItMade() throws {
        var redraw = SyntheticRedraw()
        redraw.mergeEvery = 3
        let outcome = redraw.apply(to: Self.district.units)
        #expect(!outcome.merges.isEmpty && !outcome.moves.isEmpty)
        let before = Dictionary(uniqueKeysWithValues: Self.district.units.map { ($0.code, $0) })
        let after = Dictionary(uniqueKeysWithValues: outcome.units.map { ($0.code, $0) })
        let diff = try #require(try GenerationDiff(old: Self.district.units, new: outcome.units)[.grid])
        #expect(Set(diff.removed.map(\.code)) == Set(outcome.merges.map(\.removed)))
        #expect(diff.added.isEmpty)
        for (kept, removed) in outcome.merges {
            let area = Geodesic.wgs84.area(before[removed]!.geometry)
            let flow = try #require(diff.flows.first { $0.from == removed })
            #expect(flow.to == kept && abs(flow.areaM2 - area) < 1e-6 * area)
            #expect(diff.fate(of: removed)?.mainSuccessor == kept)
        }
        for (grew, shrank) in outcome.moves {
            let gained = Geodesic.wgs84.area(after[grew]!.geometry) - Geodesic.wgs84.area(before[grew]!.geometry)
            let flow = try #require(diff.flows.first { $0.from == shrank && $0.to == grew })
            #expect(gained > 100 && abs(flow.areaM2 - gained) < 1e-6 * Geodesic.wgs84.area(before[grew]!.geometry))
        }
        // Upper tiers are untouched by a redraw inside communities.
        let full = try GenerationDiff(old: Self.district.units, new: outcome.units)
        #expect(full[.community]?.isEmpty == true && full[.district]?.isEmpty == true)
        #expect(diff.flows.count == outcome.merges.count + outcome.moves.count)
    }
}
