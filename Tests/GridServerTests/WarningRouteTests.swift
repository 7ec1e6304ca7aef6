import Foundation
import GridAtlas
import GridDomain
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The warning rule and levels over HTTP: defaults, validation problems naming the field, roles.
@Suite struct WarningRouteTests {
    static let json = "application/json"

    @Test func theDefaultRuleIsServedAndAPlannerCanReplaceIt() async throws {
        try await withWarningServer { client, _ in
            let initial = try await client.call("/warnings/rule")
            #expect(initial.status == .ok, "\(initial.text)")
            #expect(initial.json["measure"] as? String == "count")
            #expect(initial.json["window_hours"] as? Double == 168)
            #expect(initial.json["thresholds"] as? [Double] == [3, 5, 8, 12])
            #expect(initial.json["is_default"] as? Bool == true)
            #expect((initial.json["levels"] as? [[String: Any]])?.compactMap { $0["colour"] as? String } == ["blue", "yellow", "orange", "red"])

            let body = #"{"measure":"per_km2","window_hours":72,"matters":["M001","M019"],"thresholds":[1,2.5,4,10]}"#
            let put = try await client.call("/warnings/rule", method: .put, as: .planner, body: body, contentType: Self.json)
            #expect(put.status == .ok, "\(put.text)")
            #expect(put.json["is_default"] as? Bool == false)
            #expect(put.json["updated_by"] as? String != nil)
            let read = try await client.call("/warnings/rule", as: .viewer)
            #expect(read.json["measure"] as? String == "per_km2")
            #expect(read.json["thresholds"] as? [Double] == [1, 2.5, 4, 10])
            #expect(read.json["matters"] as? [String] == ["M001", "M019"])
            #expect(read.json["departments"] == nil)
        }
    }

    @Test func badRulesAre400ProblemsNamingTheField() async throws {
        try await withWarningServer { client, _ in
            let cases: [(String, String)] = [
                (#"{"measure":"count","window_hours":168,"thresholds":[3,5,5,12]}"#, "thresholds"),
                (#"{"measure":"count","window_hours":168,"thresholds":[12,8,5,3]}"#, "thresholds"),
                (#"{"measure":"count","window_hours":168,"thresholds":[3,5,8]}"#, "thresholds"),
                (#"{"measure":"count","window_hours":168,"thresholds":[-3,5,8,12]}"#, "thresholds"),
                (#"{"measure":"count","window_hours":168,"thresholds":["3",5,8,12]}"#, "thresholds"),
                (#"{"measure":"count","window_hours":0,"thresholds":[3,5,8,12]}"#, "window_hours"),
                (#"{"measure":"count","window_hours":"a week","thresholds":[3,5,8,12]}"#, "window_hours"),
                (#"{"measure":"median","window_hours":168,"thresholds":[3,5,8,12]}"#, "measure"),
                (#"{"window_hours":168,"thresholds":[3,5,8,12]}"#, "measure"),
                (#"{"measure":"count","window_hours":168,"threshold":[3,5,8,12]}"#, "threshold"),
                (#"{"measure":"count","window_hours":168,"matters":["M999"],"thresholds":[3,5,8,12]}"#, "matters"),
                (#"{"measure":"count","window_hours":168,"departments":["police"],"thresholds":[3,5,8,12]}"#, "departments"),
                (#"[3,5,8,12]"#, "body"),
                (#"{"measure":"count""#, "body"),
            ]
            for (body, field) in cases {
                let response = try await client.call("/warnings/rule", method: .put, as: .planner, body: body, contentType: Self.json)
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.isProblem, "\(body)")
                #expect(response.json["parameter"] as? String == field, "\(body): \(response.text)")
            }
            // Nothing was stored.
            #expect(try await client.call("/warnings/rule").json["is_default"] as? Bool == true)
        }
    }

    @Test func onlyPlannersSetTheRule() async throws {
        try await withWarningServer { client, _ in
            let body = #"{"measure":"count","window_hours":24,"thresholds":[1,2,3,4]}"#
            let anonymous = try await client.call("/warnings/rule", method: .put, body: body, contentType: Self.json)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.isProblem)
            for role in [AccessRole.citizen, .viewer, .dispatcher] {
                let response = try await client.call("/warnings/rule", method: .put, as: role, body: body, contentType: Self.json)
                #expect(response.status == .forbidden, "\(role)")
                #expect(response.isProblem)
            }
            #expect(try await client.call("/warnings/rule", method: .put, as: .admin, body: body, contentType: Self.json).status == .ok)
        }
    }

    @Test func levelsOverHTTPMatchCountsOfTheFiledReports() async throws {
        try await withWarningServer { client, server in
            let grids = try WarningFixtures.grids(server.atlas)
            let counts = [grids[2]: 12, grids[5]: 6, grids[9]: 3, grids[11]: 2]
            for (grid, n) in counts { try WarningFixtures.file(server, grid: grid, count: n) }
            let response = try await client.call("/warnings")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["generation"] as? String == "2024")
            #expect(response.json["thresholds"] as? [Double] == [3, 5, 8, 12])
            let rows = try #require(response.json["grids"] as? [[String: Any]])
            #expect(rows.compactMap { $0["code"] as? String } == [grids[2], grids[5], grids[9]])
            #expect(rows.compactMap { $0["level"] as? Int } == [4, 2, 1])
            #expect(rows.compactMap { $0["colour"] as? String } == ["red", "yellow", "blue"])
            #expect(rows.compactMap { $0["reports"] as? Int } == [12, 6, 3])
            #expect(rows.allSatisfy { ($0["name"] as? String)?.isEmpty == false })
            let levels = try #require(response.json["levels"] as? [[String: Any]])
            #expect(levels.compactMap { $0["grids"] as? Int } == [1, 0, 1, 1, grids.count - 3])

            // Every grid with min_level=0; none before the reports were filed.
            let all = try await client.call("/warnings?min_level=0")
            #expect((all.json["grids"] as? [Any])?.count == grids.count)
            let before = try await client.call("/warnings?at=2025-01-01")
            #expect((before.json["grids"] as? [Any])?.isEmpty == true)
            #expect(try await client.call("/warnings?min_level=5").status == .badRequest)
            #expect(try await client.call("/warnings?at=yesterday").status == .badRequest)
            #expect(try await client.call("/warnings?at=1990-01-01").status == .notFound)
        }
    }

    @Test func keyedReadsNeedAKeyForWarnings() async throws {
        try await withWarningServer(configure: { $0.reads = .keyed }) { client, _ in
            let anonymous = try await client.call("/warnings")
            #expect(anonymous.status == .unauthorized)
            #expect(try await client.call("/warnings/rule").status == .unauthorized)
            #expect(try await client.call("/warnings", as: .viewer).status == .ok)
        }
    }
}
