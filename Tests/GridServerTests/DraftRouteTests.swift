import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Drafts over HTTP against a live server: every write needs a planner key; an edit round trip
/// (create, split, locate in the draft, review, undo) and refused edits that change nothing.
@Suite struct DraftRouteTests {
    static let grid = "450299001001001"

    /// A west-east WKT line through the grid's interior point, overshooting its box.
    static func cut(_ atlas: Atlas) throws -> (wkt: String, inside: LonLat) {
        let g = try #require(try atlas.store.generation(named: "2024"))
        let unit = try #require(try atlas.store.units(inGeneration: g.id).first { $0.code == grid })
        let geos = GEOSContext()
        let inside = try #require(geos.pointOnSurface(try geos.geometry(unit.geometry)))
        let box = unit.geometry.bounds
        return ("LINESTRING (\(box.minLon - 0.001) \(inside.lat), \(box.maxLon + 0.001) \(inside.lat))", inside)
    }

    @Test func everyDraftWriteNeedsAPlannerKey() async throws {
        try await withLiveServer { client, _ in
            let writes: [(HTTPRequest.Method, String, String?)] = [
                (.post, "/drafts", #"{"name":"d"}"#),
                (.post, "/drafts/2024/edits", #"{"op":"set","code":"\#(Self.grid)","name":"x"}"#),
                (.post, "/drafts/2024/undo", nil),
                (.post, "/drafts/2024/repairs", #"{"op":"make-valid"}"#),
                (.post, "/generations/2024/activate?effective_from=2030-01-01", nil),
                (.delete, "/drafts/2024", nil),
            ]
            for (method, uri, body) in writes {
                let anonymous = try await client.call(uri, method: method, body: body, contentType: "application/json")
                #expect(anonymous.status == .unauthorized, "\(method) \(uri) anonymous")
                for role in [AccessRole.viewer, .dispatcher, .citizen] {
                    let refused = try await client.call(uri, method: method, as: role, body: body, contentType: "application/json")
                    #expect(refused.status == .forbidden && refused.isProblem, "\(method) \(uri) as \(role)")
                }
            }
            let created = try await client.call("/drafts", method: .post, as: .planner, body: #"{"name":"d"}"#, contentType: "application/json")
            #expect(created.status == .created)
            let admin = try await client.call("/drafts/d", method: .delete, as: .admin)
            #expect(admin.status == .noContent)
        }
    }

    @Test func aSplitOverHTTPIsLocatedInTheDraftReviewedAndUndone() async throws {
        try await withLiveServer { client, atlas in
            let (wkt, inside) = try Self.cut(atlas)
            let created = try await client.call("/drafts", method: .post, as: .planner, body: #"{"name":"2027","from":"2024"}"#,
                                                contentType: "application/json")
            #expect(created.status == .created)
            #expect(created.json["based_on"] as? String == "2024" && created.json["revision"] as? Int == 1)

            let body = #"{"op":"split","code":"\#(Self.grid)","line":"\#(wkt)","names":["北片","南片"]}"#
            let split = try await client.call("/drafts/2027/edits", method: .post, as: .planner, body: body, contentType: "application/json")
            #expect(split.status == .created)
            let saved = split.json["saved"] as? [String] ?? []
            #expect(split.json["revision"] as? Int == 2 && split.json["operation"] as? String == "split" && saved.count >= 2)
            #expect((split.json["actor"] as? String)?.hasPrefix("key:") == true)

            let located = try await client.call("/locate?lon=\(inside.lon)&lat=\(inside.lat)&generation=2027")
            let units = located.json["units"] as? [[String: Any]] ?? []
            let grid = units.first { $0["tier"] as? String == "grid" }
            #expect(saved.contains(grid?["code"] as? String ?? "-"))
            #expect(["北片", "南片"].contains(grid?["name"] as? String ?? "-"))

            let review = try await client.call("/drafts/2027/changes/2")
            #expect(review.headers[.contentType] == "application/geo+json")
            let features = review.json["features"] as? [[String: Any]] ?? []
            let sides = features.compactMap { ($0["properties"] as? [String: Any])?["side"] as? String }
            #expect(sides.filter { $0 == "before" }.count >= 1 && sides.filter { $0 == "after" }.count == saved.count)

            let undone = try await client.call("/drafts/2027/undo", method: .post, as: .planner)
            #expect(undone.status == .ok && undone.json["revision"] as? Int == 2)
            let again = try await client.call("/locate?lon=\(inside.lon)&lat=\(inside.lat)&generation=2027")
            let back = (again.json["units"] as? [[String: Any]] ?? []).first { $0["tier"] as? String == "grid" }
            #expect(back?["code"] as? String == Self.grid)
            let log = try await client.call("/drafts/2027/changes")
            #expect((log.json["changes"] as? [[String: Any]])?.compactMap { $0["operation"] as? String } == ["create"])
        }
    }

    @Test func refusedEditsSayWhyAndChangeNothing() async throws {
        try await withLiveServer { client, atlas in
            _ = try await client.call("/drafts", method: .post, as: .planner, body: #"{"name":"d"}"#, contentType: "application/json")
            let inside = try Self.cut(atlas).inside
            let cases: [(String, HTTPResponse.Status, String)] = [
                // A line ending inside the grid encloses nothing.
                (#"{"op":"split","code":"\#(Self.grid)","line":{"type":"LineString","coordinates":[[\#(inside.lon),\#(inside.lat)],[\#(inside.lon + 0.0001),\#(inside.lat)]]}}"#,
                 .unprocessableContent, "cuts"),
                (#"{"op":"replace","code":"\#(Self.grid)","geometry":"POLYGON ((108.4 24.3, 108.41 24.31, 108.41 24.3, 108.4 24.31, 108.4 24.3))"}"#,
                 .badRequest, "Self-intersection"),
                (#"{"op":"replace","code":"\#(Self.grid)","geometry":"LINESTRING (108.4 24.3, 108.41 24.31)"}"#, .badRequest, "Polygon"),
                (#"{"op":"split","code":"\#(Self.grid)","line":"LINESTRING (1 2, 3 4)","crs":"venus1950"}"#, .badRequest, "crs"),
                (#"{"op":"merge","codes":["\#(Self.grid)"]}"#, .badRequest, "codes"),
                (#"{"op":"renumber","code":"\#(Self.grid)","new_code":"450299001001002"}"#, .conflict, "already used"),
                (#"{"op":"set","code":"\#(Self.grid)","households":-3}"#, .badRequest, "households"),
                (#"{"op":"set","code":"450299001001999","name":"x"}"#, .notFound, "no unit"),
                (#"{"op":"move","code":"\#(Self.grid)"}"#, .badRequest, "parent"),
            ]
            for (body, status, words) in cases {
                let response = try await client.call("/drafts/d/edits", method: .post, as: .planner, body: body, contentType: "application/json")
                #expect(response.status == status && response.isProblem, "\(body)")
                #expect(response.text.contains(words), "\(response.text)")
            }
            let log = try await client.call("/drafts/d/changes")
            #expect((log.json["changes"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test func activationIsRefusedWithEveryErrorUntilARepairClearsThem() async throws {
        try await withLiveServer { client, atlas in
            let g = try #require(try atlas.store.generation(named: "2024"))
            let unit = try #require(try atlas.store.units(inGeneration: g.id).first { $0.code == Self.grid })
            // The grid without the east 0.0003° of its box: a gap along its eastern neighbours.
            let box = unit.geometry.bounds
            let keep = MultiPolygon(Polygon(exterior: Ring([LonLat(box.minLon - 1, box.minLat - 1), LonLat(box.maxLon - 3e-4, box.minLat - 1),
                                                            LonLat(box.maxLon - 3e-4, box.maxLat + 1), LonLat(box.minLon - 1, box.maxLat + 1),
                                                            LonLat(box.minLon - 1, box.minLat - 1)])))
            let geos = GEOSContext()
            let shaved = geos.polygons(of: try geos.intersection(try geos.geometry(unit.geometry), try geos.geometry(keep)))
            _ = try await client.call("/drafts", method: .post, as: .planner, body: #"{"name":"d"}"#, contentType: "application/json")
            let edit = #"{"op":"replace","code":"\#(Self.grid)","adjust_neighbours":false,"geometry":\#(GeoJSONGeometry.text(shaved))}"#
            let replaced = try await client.call("/drafts/d/edits", method: .post, as: .planner, body: edit, contentType: "application/json")
            #expect(replaced.status == .created, "\(replaced.text)")

            let refused = try await client.call("/generations/d/activate?effective_from=2030-01-01", method: .post, as: .planner)
            #expect(refused.status == .unprocessableContent && refused.isProblem)
            let errors = refused.json["errors"] as? [String] ?? []
            #expect(!errors.isEmpty && errors.allSatisfy { $0.contains("gap") || $0.contains("Gap") }, "\(errors)")
            let state = try await client.call("/generations/d")
            #expect(state.json["state"] as? String == "draft")

            let repaired = try await client.call("/drafts/d/repairs", method: .post, as: .planner,
                                                 body: #"{"op":"fill-gaps","max_area_m2":100000}"#, contentType: "application/json")
            #expect(repaired.status == .created && repaired.json["operation"] as? String == "fill-gaps", "\(repaired.text)")
            let published = try await client.call("/generations/d/activate?effective_from=2030-01-01", method: .post, as: .planner)
            #expect(published.status == .ok && published.json["status"] as? String == "scheduled", "\(published.text)")
            #expect(published.json["warnings"] is [String])
        }
    }
}
