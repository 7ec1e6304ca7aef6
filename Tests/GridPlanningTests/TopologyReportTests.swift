import Foundation
import GridDomain
import GridGeometry
import GridImport
import GridPlanning
import GridSynth
import Testing

@Suite struct TopologyReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The gap of TopologyCheckTests and a sliver warning beside it.
    static func damaged() -> [AreaUnit] {
        var plan = Plan()
        plan.redraw(grid: 4, [(200, 0), (400, 0), (400, 150), (200, 150), (200, 80), (210, 80), (210, 60), (200, 60)])
        plan.units.append(AreaUnit(code: Plan.grid(1) + "0001", tier: .microArea, name: "西片", parentCode: Plan.grid(1),
                                   geometry: Plan.polygon([(0, 150), (199.7, 150), (199.7, 300), (0, 300)])))
        plan.units.append(AreaUnit(code: Plan.grid(1) + "0002", tier: .microArea, name: "东片", parentCode: Plan.grid(1),
                                   geometry: Plan.polygon([(199.7, 150), (200, 150), (200, 300), (199.7, 300)])))
        return plan.units
    }

    @Test func theSummaryCountsPerTierAndKindWithAreas() throws {
        let report = TopologyCheck().run(Self.damaged())
        #expect(report.errorCount == 1 && report.warningCount == 1 && !report.isPublishable)
        #expect(report.problems.first?.severity == .error)   // errors are listed first
        let rows = report.summary
        #expect(rows.map(\.tier) == [.grid, .microArea])
        #expect(rows.map(\.kind) == [.gap, .sliver])
        #expect(rows[0].errors == 1 && rows[0].warnings == 0 && abs((rows[0].areaM2 ?? 0) - 200) < 1)
        #expect(rows[1].errors == 0 && rows[1].warnings == 1)
        #expect(report.only(.microArea).problems.map(\.kind) == [.sliver])
    }

    @Test func theJSONFormNamesEveryMember() throws {
        let report = TopologyCheck().run(Self.damaged())
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["publishable"] as? Bool == false && object["errors"] as? Int == 1 && object["warnings"] as? Int == 1)
        #expect(((object["tolerances"] as? [String: Any])?["error_area_m2"] as? Double) == 1)
        let problems = try #require(object["problems"] as? [[String: Any]])
        let gap = try #require(problems.first)
        #expect(gap["kind"] as? String == "gap" && gap["severity"] as? String == "error" && gap["tier"] as? String == "grid")
        #expect((gap["neighbours"] as? [[String: Any]])?.first?["code"] as? String == Plan.grid(4))
        #expect((gap["location"] as? [Double])?.count == 2)
        #expect(gap["area_m2"] as? Double != nil && gap["message"] as? String != nil)
    }

    @Test func theGeoJSONFormHasOneFeaturePerProblem() throws {
        let report = TopologyCheck().run(Self.damaged())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.geoJSON())) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection" && object["publishable"] as? Bool == false)
        let features = try #require(object["features"] as? [[String: Any]])
        #expect(features.count == report.problems.count)
        let gap = try #require(features.first)
        #expect((gap["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
        let properties = try #require(gap["properties"] as? [String: Any])
        #expect(properties["kind"] as? String == "gap" && properties["codes"] as? [String] == [Plan.community, Plan.grid(4), Plan.grid(3)])
        #expect(abs((properties["area_m2"] as? Double ?? 0) - 200) < 1)
        // An empty report is still a valid collection.
        let clean = try #require(try JSONSerialization.jsonObject(with: Data(TopologyCheck().run(Plan().units).geoJSON())) as? [String: Any])
        #expect((clean["features"] as? [Any])?.isEmpty == true && clean["publishable"] as? Bool == true)
    }

    @Test func theCommittedDemoHasNoErrors() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("data/demo/units.geojson"))
        let units = try UnitFeatureReader(source: "units.geojson", crs: .wgs84, crsIsExplicit: false).read(data).map(\.unit)
        #expect(units.count > 100)
        let report = TopologyCheck().run(units)
        #expect(report.errorCount == 0, "\(report.errors.prefix(5).map(\.message))")
        #expect(report.warningCount == 0, "\(report.problems.prefix(5).map(\.message))")
    }

    @Test func aSyntheticDistrictHasNoErrors() {
        let district = SyntheticDistrict(.benchmark(grids: 600, seed: 3))
        let report = TopologyCheck().run(district.units)
        #expect(report.unitCount == district.units.count)
        #expect(report.errorCount == 0, "\(report.errors.prefix(5).map(\.message))")
        #expect(report.warningCount == 0, "\(report.problems.prefix(5).map(\.message))")
    }

    @Test func oneAndTwoWorkersFindTheSame() {
        var units = SyntheticDistrict(.benchmark(grids: 300, seed: 5)).units
        // Damage a few grids: one vertex each pushed 3 m east.
        var damaged = 0
        for i in units.indices where units[i].tier == .grid && damaged < 5 {
            var ring = units[i].geometry.polygons[0].exterior.points
            let k = ring.count / 3
            ring[k] = LocalFrame(centre: ring[k]).degrees(LonLat(3, 0))
            units[i].geometry.polygons[0].exterior = Ring(ring)
            damaged += 1
        }
        let one = TopologyCheck(threads: 1).run(units), two = TopologyCheck(threads: 2).run(units)
        #expect(one == two)
        #expect(one.errorCount > 0)
    }
}
