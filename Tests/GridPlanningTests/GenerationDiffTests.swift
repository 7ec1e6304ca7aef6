import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import Testing

@Suite struct GenerationDiffTests {
    typealias F = DiffFixtures

    func gridDiff() throws -> TierDiff {
        let diff = try GenerationDiff(old: F.old, new: F.new)
        #expect(diff.tiers.map(\.tier) == [.grid])
        return try #require(diff[.grid])
    }

    @Test func movedEdgeGivesTheStripAreaAndAreaWeightedHouseholds() throws {
        let diff = try gridDiff()
        let strip = F.area(113.010, 113.012), b = F.area(113.010, 113.020)
        let flow = try #require(diff.flows.first { $0.from == F.code(2) && $0.to == F.code(1) })
        #expect(abs(flow.areaM2 - strip) < 0.01)
        #expect(strip > 200_000 && strip < 210_000)  // 0.002° × 0.010° near 34°N: about 185 m × 1,109 m
        #expect(abs(flow.shareOfFrom - strip / b) < 1e-5)
        #expect(abs((flow.households ?? 0) - 300 * strip / b) < 0.01)
        #expect(abs((flow.population ?? 0) - 900 * strip / b) < 0.01)
        // Nothing flows back from A to B.
        #expect(!diff.flows.contains { $0.from == F.code(1) && $0.to == F.code(2) })
        let a = try #require(diff.changed.first { $0.code == F.code(1) })
        #expect(a.fields == [.geometry])
        #expect(abs((a.areaBeforeM2 ?? 0) - F.area(113.000, 113.010)) < 0.01)
        #expect(abs((a.areaAfterM2 ?? 0) - F.area(113.000, 113.012)) < 0.01)
        let fateB = try #require(diff.fate(of: F.code(2)))
        #expect(fateB.status == "changed" && fateB.mainSuccessor == F.code(2))
        #expect(abs(fateB.keptM2 - F.area(113.012, 113.020)) < 0.01)
    }

    @Test func mergeRemovesTheAbsorbedGridAndMovesAllOfIt() throws {
        let diff = try gridDiff()
        #expect(diff.removed.map(\.code) == [F.code(4)])
        let d = F.area(113.030, 113.040)
        let flow = try #require(diff.flows.first { $0.from == F.code(4) })
        #expect(flow.to == F.code(3))
        #expect(abs(flow.areaM2 - d) < 0.01 && abs(flow.shareOfFrom - 1) < 1e-6)
        #expect(abs((flow.households ?? 0) - 500) < 0.01)
        let fate = try #require(diff.fate(of: F.code(4)))
        #expect(fate.status == "removed" && fate.keptM2 == 0 && fate.mainSuccessor == F.code(3) && fate.uncoveredM2 < 0.01)
        let c = try #require(diff.changed.first { $0.code == F.code(3) })
        #expect(c.fields == [.geometry, .households, .population])
        #expect(c.householdsBefore == 200 && c.householdsAfter == 700)
    }

    @Test func splitAddsAUnitThatTakesItsShare() throws {
        let diff = try gridDiff()
        #expect(diff.added.map(\.code) == [F.code(7)])
        let half = F.area(113.045, 113.050)
        #expect(abs(diff.added[0].areaM2 - half) < 0.01)
        let flow = try #require(diff.flows.first { $0.from == F.code(6) })
        #expect(flow.to == F.code(7) && abs(flow.areaM2 - half) < 0.01)
        #expect(abs((flow.households ?? 0) - 600 * half / F.area(113.040, 113.050)) < 0.01)
    }

    @Test func renameChangesOnlyTheNameAndMovesNothing() throws {
        let diff = try gridDiff()
        let h = try #require(diff.changed.first { $0.code == F.code(8) })
        #expect(h.fields == [.name] && h.nameBefore == "第8网格" && h.nameAfter == "东门网格")
        #expect(h.areaBeforeM2 == nil)
        #expect(!diff.flows.contains { $0.from == F.code(8) || $0.to == F.code(8) })
        #expect(diff.fate(of: F.code(8)) == nil)
        #expect(diff.unchanged == 1)  // K
        #expect(diff.flows.count == 3)
        let total = F.area(113.010, 113.012) + F.area(113.030, 113.040) + F.area(113.045, 113.050)
        #expect(abs(diff.totals.areaM2 - total) < 0.05)
    }

    @Test func aGenerationDiffedWithItselfIsEmpty() throws {
        let diff = try GenerationDiff(old: F.old, new: F.old)
        #expect(diff.isEmpty)
        let grid = try #require(diff[.grid])
        #expect(grid.unchanged == F.old.count && grid.flows.isEmpty && grid.fates.isEmpty && grid.totals.flows == 0)
    }

    @Test func onlyTheTiersAskedForAreCompared() throws {
        var community = F.grid(0, 113.0, 113.07, households: nil)
        community.code = F.community
        community.tier = .community
        community.parentCode = "410101001"
        let diff = try GenerationDiff(old: F.old + [community], new: F.new + [community], tiers: [.community])
        #expect(diff.tiers.map(\.tier) == [.community])
        #expect(diff.isEmpty)
        #expect(try GenerationDiff(old: F.old + [community], new: F.new + [community]).tiers.map(\.tier) == [.community, .grid])
    }

    @Test func geoJSONLayersHoldOneFeaturePerFlowAndPerUnit() throws {
        let diff = try gridDiff()
        let flows = try #require(try JSONSerialization.jsonObject(with: Data(DiffGeoJSON.text(diff, layer: .flows).utf8)) as? [String: Any])
        #expect(flows["type"] as? String == "FeatureCollection")
        let features = try #require(flows["features"] as? [[String: Any]])
        #expect(features.count == 3)
        let first = try #require(features.first?["properties"] as? [String: Any])
        #expect(first["from"] as? String == diff.flows[0].from && first["tier"] as? String == "grid")
        #expect((first["area_m2"] as? Double).map { abs($0 - diff.flows[0].areaM2) < 1e-6 } == true)
        #expect((features.first?["geometry"] as? [String: Any])?["type"] as? String == "Polygon")

        let units = try #require(try JSONSerialization.jsonObject(with: Data(DiffGeoJSON.text(diff, layer: .units).utf8)) as? [String: Any])
        let unitFeatures = try #require(units["features"] as? [[String: Any]])
        #expect(unitFeatures.count == diff.added.count + diff.removed.count + diff.changed.count)
        let changes = unitFeatures.compactMap { ($0["properties"] as? [String: Any])?["change"] as? String }
        #expect(changes.filter { $0 == "added" }.count == 1 && changes.filter { $0 == "removed" }.count == 1)
    }
}
