import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /generations/{name}/validation`: the demo passes; a draft with a grid left out shows the
/// hole with its area; bad tolerances and unknown names are problems naming what is wrong.
@Suite struct ValidationRouteTests {
    /// Stores the demo minus one grid (one plain polygon without micro-areas) as draft `holed`; returns the grid.
    static func holedDraft(_ atlas: Atlas) throws -> AreaUnit {
        let units = try atlas.store.units(inGeneration: try atlas.store.generation(named: "2024")!.id)
        let parents = Set(units.compactMap(\.parentCode))
        let removed = units.first {
            $0.tier == .grid && !parents.contains($0.code) && $0.geometry.polygons.count == 1 && $0.geometry.polygons[0].holes.isEmpty
        }!
        try atlas.store.saveUnits(units.filter { $0.code != removed.code }, generation: "holed")
        return removed
    }

    @Test func theDemoIsPublishable() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.call("/generations/2024/validation")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType] == "application/json")
            let body = response.json
            #expect(body["generation"] as? String == "2024")
            #expect(body["publishable"] as? Bool == true && body["errors"] as? Int == 0)
            #expect((body["units"] as? Int ?? 0) > 100)
            #expect(((body["tolerances"] as? [String: Any])?["sliver_width_m"] as? Double) == 0.5)
        }
    }

    @Test func aDraftWithAHoleShowsTheGapAsJSONAndGeoJSON() async throws {
        try await withLiveServer { client, atlas in
            let removed = try Self.holedDraft(atlas)
            let expected = Geodesic.wgs84.area(removed.geometry)
            let response = try await client.call("/generations/holed/validation?error_area_m2=5")
            #expect(response.status == .ok, "\(response.text)")
            let body = response.json
            #expect(body["publishable"] as? Bool == false && body["errors"] as? Int == 1)
            let problems = try #require(body["problems"] as? [[String: Any]])
            let gap = try #require(problems.first)
            #expect(gap["kind"] as? String == "gap" && gap["tier"] as? String == "grid")
            #expect(abs((gap["area_m2"] as? Double ?? 0) - expected) < 0.01 * expected)
            #expect((gap["codes"] as? [String])?.first == removed.parentCode)
            #expect(((body["tolerances"] as? [String: Any])?["error_area_m2"] as? Double) == 5)
            let summary = try #require(body["summary"] as? [[String: Any]])
            #expect(summary.contains { $0["kind"] as? String == "gap" && $0["errors"] as? Int == 1 })

            let geojson = try await client.call("/generations/holed/validation?format=geojson&tier=grid")
            #expect(geojson.status == .ok)
            #expect(geojson.headers[.contentType] == "application/geo+json")
            let features = try #require(geojson.json["features"] as? [[String: Any]])
            #expect(features.count == 1)
            #expect((features.first?["geometry"] as? [String: Any])?["type"] as? String == "Polygon")
            #expect((features.first?["properties"] as? [String: Any])?["kind"] as? String == "gap")

            // Another tier alone has nothing to say about the hole.
            let communities = try await client.call("/generations/holed/validation?tier=community")
            #expect(communities.json["errors"] as? Int == 0)
        }
    }

    @Test func badTolerancesAndUnknownNamesAreProblems() async throws {
        try await withLiveServer { client, _ in
            for (query, parameter) in [("error_area_m2=-1", "error_area_m2"), ("sliver_width_m=abc", "sliver_width_m"),
                                       ("spike_angle_deg=180", "spike_angle_deg"), ("sliver_area_m2=nan", "sliver_area_m2"),
                                       ("tier=planet", "tier"), ("format=kml", "format")] {
                let response = try await client.call("/generations/2024/validation?\(query)")
                #expect(response.status == .badRequest, "\(query): \(response.text)")
                #expect(response.isProblem)
                #expect(response.json["parameter"] as? String == parameter, "\(query): \(response.text)")
            }
            let missing = try await client.call("/generations/none-such/validation")
            #expect(missing.status == .notFound && missing.isProblem)
            #expect((missing.json["detail"] as? String)?.contains("none-such") == true)
        }
    }

    @Test func keyedReadsNeedAKey() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let anonymous = try await client.call("/generations/2024/validation")
            #expect(anonymous.status == .unauthorized)
            let viewer = try await client.call("/generations/2024/validation", as: .viewer)
            #expect(viewer.status == .ok)
        }
    }
}
