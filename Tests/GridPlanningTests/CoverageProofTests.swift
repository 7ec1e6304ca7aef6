import GridDomain
import GridGeometry
@testable import GridPlanning
import Testing

/// The pure-Swift fast path: it proves exact tilings and must never pass anything else.
@Suite struct CoverageProofTests {
    func tiles(_ plan: Plan) -> Bool {
        let grids = plan.units.filter { $0.tier == .grid }.map(\.geometry)
        return CoverageProof.tiles(plan[Plan.community].geometry, with: grids)
    }

    @Test func anExactTilingIsProvenWhateverTheRingDirections() {
        var plan = Plan()
        #expect(tiles(plan))
        // A clockwise ring, and a ring starting elsewhere, tile the same ground.
        plan.redraw(grid: 1, [(0, 300), (200, 300), (200, 150), (0, 150)])
        plan.redraw(grid: 2, [(400, 300), (200, 300), (200, 150), (400, 150)])
        #expect(tiles(plan))
    }

    @Test func anythingElseFailsTheProof() {
        var gap = Plan()
        gap.redraw(grid: 2, [(200.3, 150), (400, 150), (400, 300), (200.3, 300)])
        #expect(!tiles(gap))
        var overlap = Plan()
        overlap.redraw(grid: 2, [(195, 150), (400, 150), (400, 300), (195, 300)])
        #expect(!tiles(overlap))
        var twice = Plan()
        twice.units.append(Plan.gridUnit(5, [(0, 150), (200, 150), (200, 300), (0, 300)]))   // G1 drawn twice
        #expect(!tiles(twice))
        var micron = Plan()
        micron.redraw(grid: 4, [(200, 0), (400, 0), (400, 150), (200.000001, 150)])
        #expect(!tiles(micron))
    }

    @Test func aParentWithoutTheJunctionVerticesFallsBackToGEOSAndPasses() {
        var plan = Plan()
        let corners = Plan.polygon([(0, 0), (400, 0), (400, 300), (0, 300)])
        for code in [Plan.district, Plan.subdistrict, Plan.community] { plan[code].geometry = corners }
        #expect(!tiles(plan))
        let report = TopologyCheck().run(plan.units)
        #expect(report.problems.isEmpty, "\(report.problems.map(\.message))")
    }
}
