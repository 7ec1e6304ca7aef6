import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import Testing

@Suite struct TopologyCheckTests {
    let check = TopologyCheck(tolerances: .standard, threads: 2)

    func problems(_ plan: Plan, _ kind: TopologyProblem.Kind) -> [TopologyProblem] {
        check.run(plan.units).problems.filter { $0.kind == kind }
    }

    /// Geodesic area of a rectangle given in the plan's metres, computed apart from the check.
    func area(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double {
        Geodesic.wgs84.area(Plan.ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    }

    func isInside(_ p: LonLat?, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        guard let p else { return false }
        let m = Plan.metres(p)
        return m.x > x0 - 1e-6 && m.x < x1 + 1e-6 && m.y > y0 - 1e-6 && m.y < y1 + 1e-6
    }

    @Test func aCleanGenerationPasses() {
        let report = check.run(Plan().units)
        #expect(report.problems.isEmpty, "\(report.problems.map(\.message))")
        #expect(report.isPublishable && report.errorCount == 0 && report.warningCount == 0)
        #expect(report.unitCount == 7)
        #expect(report.summary.isEmpty)
    }

    @Test func aGapIsFoundWithItsAreaPlaceAndNeighbours() throws {
        var plan = Plan()
        // A 10 × 20 m notch cut from G4's west side: G4 borders it on three sides (40 m), G3 on one (20 m).
        plan.redraw(grid: 4, [(200, 0), (400, 0), (400, 150), (200, 150), (200, 80), (210, 80), (210, 60), (200, 60)])
        let report = check.run(plan.units)
        #expect(report.problems.count == 1, "\(report.problems.map(\.message))")
        let gap = try #require(report.problems.first { $0.kind == .gap })
        let expected = area(200, 60, 210, 80)
        #expect(abs(try #require(gap.areaM2) - expected) < 0.01, "\(gap.areaM2 ?? 0) vs \(expected)")
        #expect(abs(expected - 200) < 1)
        #expect(gap.severity == .error && gap.tier == .grid && !report.isPublishable)
        #expect(isInside(gap.location, 200, 60, 210, 80))
        #expect(gap.codes == [Plan.community, Plan.grid(4), Plan.grid(3)])
        #expect(gap.neighbours.map(\.code) == [Plan.grid(4), Plan.grid(3)])
        #expect(abs(gap.neighbours[0].sharedM - 40) < 0.05 && abs(gap.neighbours[1].sharedM - 20) < 0.05)
        #expect(abs((gap.widthM ?? 0) - 2 * 200 / 60) < 0.05)
        guard case .areas(let shape) = gap.geometry else { Issue.record("gap without polygon"); return }
        #expect(abs(Geodesic.wgs84.area(shape) - expected) < 0.01)
    }

    @Test func aSmallGapIsOnlyAWarning() throws {
        var plan = Plan()
        // 0.5 × 1 m: below the 1 m² error threshold.
        plan.redraw(grid: 4, [(200, 0), (400, 0), (400, 150), (200, 150), (200, 81), (200.5, 81), (200.5, 80), (200, 80)])
        let gap = try #require(problems(plan, .gap).first)
        #expect(gap.severity == .warning)
        #expect(abs((gap.areaM2 ?? 0) - area(200, 80, 200.5, 81)) < 0.001)
        #expect(check.run(plan.units).isPublishable)
        // With a lower threshold the same gap blocks publishing.
        let strict = TopologyCheck(tolerances: try TopologyTolerances(errorAreaM2: 0.1)).run(plan.units)
        #expect(!strict.isPublishable && strict.errors.map(\.kind) == [.gap])
    }

    @Test func anOverlapIsFoundForThePairWithItsArea() throws {
        var plan = Plan()
        // G2 reaches 5 m into G1.
        plan.redraw(grid: 2, [(195, 150), (400, 150), (400, 300), (195, 300)])
        let report = check.run(plan.units)
        let overlaps = report.problems.filter { $0.kind == .overlap }
        #expect(overlaps.count == 1 && report.problems.count == 1, "\(report.problems.map(\.message))")
        let overlap = try #require(overlaps.first)
        #expect(overlap.codes == [Plan.grid(1), Plan.grid(2)])
        #expect(abs((overlap.areaM2 ?? 0) - area(195, 150, 200, 300)) < 0.01)
        #expect(overlap.severity == .error)
        #expect(isInside(overlap.location, 195, 150, 200, 300))
    }

    @Test func aSpillIsFoundWithItsArea() throws {
        var plan = Plan()
        // G2 reaches 10 m beyond the community's east side.
        plan.redraw(grid: 2, [(200, 150), (410, 150), (410, 300), (200, 300)])
        let report = check.run(plan.units)
        #expect(report.problems.map(\.kind) == [.spill], "\(report.problems.map(\.message))")
        let spill = try #require(report.problems.first)
        #expect(spill.codes == [Plan.grid(2), Plan.community])
        #expect(abs((spill.areaM2 ?? 0) - area(400, 150, 410, 300)) < 0.01)
        #expect(isInside(spill.location, 400, 150, 410, 300))
    }

    @Test func aSliverUnitIsAWarningWithItsWidth() throws {
        var plan = Plan()
        // G1 cut into two micro-areas, the eastern one 0.3 m wide.
        plan.units.append(AreaUnit(code: Plan.grid(1) + "0001", tier: .microArea, name: "西片", parentCode: Plan.grid(1),
                                   geometry: Plan.polygon([(0, 150), (199.7, 150), (199.7, 300), (0, 300)])))
        plan.units.append(AreaUnit(code: Plan.grid(1) + "0002", tier: .microArea, name: "东片", parentCode: Plan.grid(1),
                                   geometry: Plan.polygon([(199.7, 150), (200, 150), (200, 300), (199.7, 300)])))
        let report = check.run(plan.units)
        #expect(report.problems.map(\.kind) == [.sliver], "\(report.problems.map(\.message))")
        let sliver = try #require(report.problems.first)
        #expect(sliver.severity == .warning && sliver.tier == .microArea && sliver.codes == [Plan.grid(1) + "0002"])
        #expect(abs((sliver.widthM ?? 0) - 0.3) < 0.01)
        #expect(abs((sliver.areaM2 ?? 0) - area(199.7, 150, 200, 300)) < 0.01)
        #expect(isInside(sliver.location, 199.7, 150, 200, 300))
        #expect(report.isPublishable)
    }

    @Test func aSpikeIsAWarningAtItsVertex() throws {
        var plan = Plan()
        // A needle 100 m into G1 from its top edge, 1 m wide at the base: its tip meets at 0.57°.
        plan.redraw(grid: 1, [(0, 150), (200, 150), (200, 300), (100.5, 300), (100, 200), (99.5, 300), (0, 300)])
        let spikes = problems(plan, .spike)
        #expect(spikes.count == 1)
        let spike = try #require(spikes.first)
        #expect(spike.severity == .warning && spike.codes == [Plan.grid(1)])
        let tip = Plan.metres(try #require(spike.location))
        #expect(abs(tip.x - 100) < 1e-6 && abs(tip.y - 200) < 1e-6)
        #expect(spike.geometry == .points([Plan.at(100, 200)]))
        // The needle itself is a 50 m² gap nobody covers.
        #expect(abs((problems(plan, .gap).first?.areaM2 ?? 0) - 50) < 0.1)
    }

    @Test func aBowTieIsInvalidWithGEOSsReason() throws {
        var plan = Plan()
        plan.redraw(grid: 1, [(0, 150), (200, 300), (200, 150), (0, 300)])
        let invalid = try #require(problems(plan, .invalidGeometry).first)
        #expect(invalid.severity == .error && invalid.codes == [Plan.grid(1)])
        #expect(invalid.message.contains("Self-intersection"), "\(invalid.message)")
        let at = Plan.metres(try #require(invalid.location))
        #expect(abs(at.x - 100) < 1e-3 && abs(at.y - 225) < 1e-3)
    }

    @Test func codeProblemsAreErrorsNamingTheCodes() throws {
        var plan = Plan()
        plan[Plan.grid(3)].code = Plan.grid(1)                      // duplicate
        plan[Plan.grid(2)].code = "450299001002002"                // does not extend 450299001001
        plan[Plan.grid(4)].code = "4502990010010004"               // 16 digits: no tier has them
        let report = check.run(plan.units)
        let duplicate = try #require(report.problems.first { $0.kind == .codeDuplicate })
        #expect(duplicate.codes == [Plan.grid(1)] && duplicate.severity == .error)
        let prefix = try #require(report.problems.first { $0.kind == .codePrefix })
        #expect(prefix.codes == ["450299001002002", Plan.community])
        let tier = try #require(report.problems.first { $0.kind == .codeTier })
        #expect(tier.codes == ["4502990010010004"] && tier.message.contains("16 digits"))
        #expect(isInside(tier.location, 200, 0, 400, 150))
        #expect(!report.isPublishable)
    }

    @Test func missingParentsAndWrongParentTiersAreErrors() throws {
        var plan = Plan()
        plan[Plan.grid(3)].parentCode = "450299001009"
        plan[Plan.grid(4)].parentCode = Plan.subdistrict
        plan[Plan.grid(4)].code = "450299001004"   // a community-length code declared as a grid
        let report = check.run(plan.units)
        let missing = try #require(report.problems.first { $0.kind == .missingParent })
        #expect(missing.codes == [Plan.grid(3), "450299001009"] && missing.severity == .error)
        #expect(report.problems.contains { $0.kind == .parentTier && $0.codes == ["450299001004", Plan.subdistrict] })
        #expect(report.problems.contains { $0.kind == .codeTier && $0.codes == ["450299001004"] })
        // Without them, the community now has gaps where G3 and G4 were.
        #expect(report.problems.filter { $0.kind == .gap }.count == 1)
    }

    @Test func siblingsOutOfSequenceGiveOneWarningForTheFirstPair() throws {
        var plan = Plan()
        // Swap G1 and G2's codes: 001 is now in the north-east, 002 west of it in the same row.
        plan[Plan.grid(1)].code = "tmp"
        plan[Plan.grid(2)].code = Plan.grid(1)
        plan["tmp"].code = Plan.grid(2)
        let report = check.run(plan.units)
        #expect(report.problems.map(\.kind) == [.codeSequence], "\(report.problems.map(\.message))")
        let sequence = try #require(report.problems.first)
        #expect(sequence.severity == .warning && sequence.codes == [Plan.grid(1), Plan.grid(2)])
        #expect(sequence.message.contains("west of"))
        #expect(report.isPublishable)

        // G3 numbered before G1 and G2 (south before north): the first pair out of order, and the count of the rest.
        var southFirst = Plan()
        southFirst[Plan.grid(3)].code = "tmp"
        southFirst[Plan.grid(2)].code = Plan.grid(3)
        southFirst[Plan.grid(1)].code = Plan.grid(2)
        southFirst["tmp"].code = Plan.grid(1)
        let flagged = check.run(southFirst.units).problems.filter { $0.kind == .codeSequence }
        #expect(flagged.count == 1)
        #expect(flagged.first?.codes == [Plan.grid(1), Plan.grid(2)] && flagged.first?.message.contains("north of") == true)
    }

    @Test func oneTierCanBeCheckedAlone() {
        var plan = Plan()
        plan.redraw(grid: 2, [(195, 150), (400, 150), (400, 300), (195, 300)])
        plan[Plan.community].code = "45029900100"   // 11 digits: a community-tier problem
        let grids = TopologyCheck(tiers: [.grid]).run(plan.units)
        #expect(grids.problems.allSatisfy { $0.tier == .grid })
        let communities = TopologyCheck(tiers: [.community]).run(plan.units)
        #expect(communities.problems.contains { $0.kind == .codeTier } && communities.problems.allSatisfy { $0.tier == .community })
    }
}
