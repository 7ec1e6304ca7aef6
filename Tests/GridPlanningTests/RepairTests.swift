import GridDomain
import GridGeometry
import GridPlanning
import GridSynth
import Testing

@Suite struct RepairTests {
    /// G2's west edge shifted 0.3 m east: a 0.3 × 150 m gap between G1 and G2.
    static func shifted() -> Plan {
        var plan = Plan()
        plan.redraw(grid: 2, [(200.3, 150), (400, 150), (400, 300), (200.3, 300)])
        return plan
    }

    @Test func snappingClosesAGapMadeByShiftingAnEdge() throws {
        let plan = Self.shifted()
        let before = TopologyCheck().run(plan.units)
        #expect(before.problems.map(\.kind) == [.gap])
        #expect(abs((before.problems.first?.areaM2 ?? 0) - 45) < 0.1)

        let result = try VertexSnapper(toleranceM: 0.5).run(plan.units)
        #expect(result.units.map(\.code) == [Plan.grid(2)])
        let note = try #require(result.notes.first)
        #expect(result.notes.count == 1 && note.code == Plan.grid(2) && note.action == .snapped)
        #expect(abs((note.metres ?? 0) - 0.3) < 0.001, "\(note.message)")
        #expect(note.message.contains("2 vertices"))
        #expect(result.skipped.isEmpty)
        // G2 now holds G1's vertices exactly, and the re-check is clean.
        let snapped = result.units[0].geometry.polygons[0].exterior.points
        #expect(snapped.contains(Plan.at(200, 150)) && snapped.contains(Plan.at(200, 300)))
        let after = TopologyCheck().run(result.applied(to: plan.units))
        #expect(after.problems.isEmpty, "\(after.problems.map(\.message))")
    }

    @Test func snappingBeyondTheToleranceMovesNothingAndACleanPlanNeedsNothing() throws {
        // 0.3 m apart, 0.2 m allowed: no vertex moves. G2's corner lying on G4's top edge is
        // still given to G4 as a vertex (a T-junction made explicit), and said so.
        let narrow = try VertexSnapper(toleranceM: 0.2).run(Self.shifted().units)
        #expect(narrow.notes.map(\.action) == [.insertedVertices] && narrow.units.map(\.code) == [Plan.grid(4)])
        #expect(TopologyCheck().run(narrow.applied(to: Self.shifted().units)).problems.map(\.kind) == [.gap])
        let clean = try VertexSnapper(toleranceM: 2).run(Plan().units)
        #expect(clean.isEmpty && clean.notes.isEmpty)
        #expect(throws: TopologyTolerances.Invalid.self) { try VertexSnapper(toleranceM: 0) }
        #expect(throws: TopologyTolerances.Invalid.self) { try VertexSnapper(toleranceM: .nan) }
    }

    @Test func aVertexNearANeighboursEdgeMovesOntoItAndTheEdgeGetsIt() throws {
        var plan = Plan()
        // G1's bottom edge gets a vertex 0.2 m below it, inside G3 (a 20 m² overlap).
        plan.redraw(grid: 1, [(0, 150), (100, 149.8), (200, 150), (200, 300), (0, 300)])
        #expect(TopologyCheck().run(plan.units).problems.map(\.kind) == [.overlap])
        let result = try VertexSnapper(toleranceM: 0.5).run(plan.units)
        #expect(Set(result.units.map(\.code)) == [Plan.grid(1), Plan.grid(3)])
        #expect(result.notes.contains { $0.code == Plan.grid(1) && $0.action == .snapped })
        #expect(result.notes.contains { $0.code == Plan.grid(3) && $0.action == .insertedVertices })
        let after = TopologyCheck().run(result.applied(to: plan.units))
        #expect(after.errorCount == 0, "\(after.problems.map(\.message))")
        // Both sides of the edge now hold the same middle vertex.
        let g1 = result.units.first { $0.code == Plan.grid(1) }!.geometry.polygons[0].exterior.points
        let g3 = result.units.first { $0.code == Plan.grid(3) }!.geometry.polygons[0].exterior.points
        #expect(g1.count == 6 && g3.count == 6)
        #expect(Set(g1).intersection(g3).count == 3)
    }

    @Test func aUnitLeftInvalidIsSkippedWithTheReason() throws {
        var plan = Plan()
        // A bow-tie whose corner lies 0.3 m from the grids' shared corner.
        plan.redraw(grid: 1, [(0, 150), (200, 300), (200.3, 150), (0, 300)])
        let result = try VertexSnapper(toleranceM: 0.5).run(plan.units)
        #expect(!result.units.contains { $0.code == Plan.grid(1) })
        #expect(!result.notes.contains { $0.code == Plan.grid(1) })
        let skipped = try #require(result.skipped.first { $0.code == Plan.grid(1) })
        #expect(skipped.action == .skipped && skipped.message.contains("invalid already") && skipped.message.contains("Self-intersection"))
    }

    @Test func aCleanSyntheticDistrictNeedsNoRepair() throws {
        let units = SyntheticDistrict(.benchmark(grids: 300, seed: 9)).units
        #expect(try VertexSnapper(toleranceM: 0.5).run(units) == RepairResult())
        #expect(try GapFiller(maxAreaM2: 100).run(units) == RepairResult())
        #expect(MakeValid().run(units) == RepairResult())
    }

    /// A 10 × 20 m notch in G4's west side: G4 borders it for 40 m, G3 for 20 m.
    static func notched() -> Plan {
        var plan = Plan()
        plan.redraw(grid: 4, [(200, 0), (400, 0), (400, 150), (200, 150), (200, 80), (210, 80), (210, 60), (200, 60)])
        return plan
    }

    @Test func aSmallGapGoesToTheNeighbourWithTheLongestSharedEdge() throws {
        let plan = Self.notched()
        let result = try GapFiller(maxAreaM2: 500).run(plan.units)
        #expect(result.units.map(\.code) == [Plan.grid(4)])
        let note = try #require(result.notes.first)
        #expect(result.notes.count == 1 && note.action == .filledGap && note.code == Plan.grid(4))
        #expect(abs((note.areaM2 ?? 0) - 200) < 1)
        #expect(note.message.contains("40 m") && note.message.contains(Plan.grid(3)))
        #expect(result.skipped.isEmpty)
        let after = TopologyCheck().run(result.applied(to: plan.units))
        #expect(after.problems.isEmpty, "\(after.problems.map(\.message))")
        #expect(abs(Geodesic.wgs84.area(result.units[0].geometry) - Geodesic.wgs84.area(Plan()[Plan.grid(4)].geometry)) < 0.01)
    }

    @Test func aGapAboveTheMaximumIsListedAsSkipped() throws {
        let result = try GapFiller(maxAreaM2: 100).run(Self.notched().units)
        #expect(result.isEmpty && result.notes.isEmpty)
        let skipped = try #require(result.skipped.first)
        #expect(result.skipped.count == 1 && skipped.code == Plan.community && skipped.action == .skipped)
        #expect(abs((skipped.areaM2 ?? 0) - 200) < 1 && skipped.message.contains("maximum"))
        #expect(try GapFiller(maxAreaM2: 500).run(Plan().units) == RepairResult())
        #expect(throws: TopologyTolerances.Invalid.self) { try GapFiller(maxAreaM2: -1) }
    }

    @Test func makeValidTurnsABowTieIntoItsTwoTriangles() throws {
        var plan = Plan()
        plan.redraw(grid: 1, [(0, 150), (200, 300), (200, 150), (0, 300)])
        let result = MakeValid().run(plan.units)
        #expect(result.units.map(\.code) == [Plan.grid(1)])
        let repaired = result.units[0].geometry
        #expect(repaired.polygons.count == 2)
        // Two triangles of 100 m × 150 m / 2 each, as measured apart from the repair.
        let left = Geodesic.wgs84.area(Plan.ring([(0, 150), (100, 225), (0, 300)]))
        #expect(abs(Geodesic.wgs84.area(repaired) - 2 * left) < 0.1)
        let note = try #require(result.notes.first)
        #expect(note.action == .madeValid && note.message.contains("Self-intersection") && note.message.contains("2 polygons"))
        #expect(TopologyCheck().run(result.applied(to: plan.units)).problems.allSatisfy { $0.kind != .invalidGeometry })
        #expect(MakeValid().run(Plan().units) == RepairResult())
    }
}
