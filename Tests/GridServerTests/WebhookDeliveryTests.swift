import Crypto
import Foundation
import GridAtlas
import GridDomain
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Webhooks end to end: subscriptions over HTTP, reports filed through the server's desk, and a
/// real receiving server on loopback. Deliveries are asynchronous: tests poll with a deadline.
@Suite struct WebhookDeliveryTests {
    static let json = "application/json"
    static let secret = "s3cret-for-tests-0123456789"

    static func subscribe(_ client: any TestClientProtocol, url: String, events: [String], grids: [String]?,
                          secret: String? = secret) async throws -> String {
        var body: [String: Any] = ["url": url, "events": events]
        if let grids { body["grids"] = grids }
        if let secret { body["secret"] = secret }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let response = try await client.call("/webhooks", method: .post, as: .dispatcher, body: text, contentType: json)
        #expect(response.status == .created, "\(response.text)")
        return try #require(response.json["id"] as? String)
    }

    static func deliveries(_ client: any TestClientProtocol, _ id: String) async throws -> [[String: Any]] {
        let response = try await client.call("/webhooks/\(id)/deliveries", as: .dispatcher)
        #expect(response.status == .ok, "\(response.text)")
        return response.json["deliveries"] as? [[String: Any]] ?? []
    }

    static func hmac(_ body: Data, _ secret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    @Test func crossingAThresholdFiresOneLevelChangedWithFromAndTo() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            try await withWarningServer { client, server in
                let grid = try WarningFixtures.grids(server.atlas)[4]
                let id = try await Self.subscribe(client, url: base + "/levels", events: ["level_changed"], grids: [grid])
                for expected in [(reports: 3, from: 0, to: 1, hits: 1), (reports: 5, from: 1, to: 2, hits: 2)] {
                    let filed = try await server.atlas.store.reportCount(ReportFilter(unit: (.grid, grid)))
                    try WarningFixtures.file(server, grid: grid, count: expected.reports - filed)
                    // Processed in order: once the level is recorded and every delivery is done,
                    // no other delivery can still come for these reports.
                    try await WarningFixtures.eventually("level \(expected.to) delivered") { () async throws -> Bool? in
                        let level = try server.warnings.warning.recordedLevels()[grid]?.level.rawValue
                        let states = try await Self.deliveries(client, id).compactMap { $0["state"] as? String }
                        return level == expected.to && states.count == expected.hits && states.allSatisfy { $0 == "delivered" } ? true : nil
                    }
                    let hits = receiver.hits("/levels")
                    #expect(hits.count == expected.hits)
                    let last = try #require(hits.last)
                    #expect(last.headers["x-gridatlas-event"] == "level_changed")
                    #expect(last.json["type"] as? String == "level_changed")
                    #expect(last.data["grid"] as? String == grid)
                    #expect(last.data["from"] as? Int == expected.from)
                    #expect(last.data["to"] as? Int == expected.to)
                    #expect(last.data["reports"] as? Int == expected.reports)
                    #expect(last.data["value"] as? Double == Double(expected.reports))
                }
                #expect(Set(receiver.hits.map { $0.json["id"] as? String ?? "" }).count == 2)
            }
        }
    }

    @Test func reportFiledReachesWatchedGridsOnlyAndIsSigned() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { base in
            try await withWarningServer { client, server in
                let grids = try WarningFixtures.grids(server.atlas)
                let watched = grids[7], unwatched = grids[8]
                let id = try await Self.subscribe(client, url: base + "/reports", events: ["report_filed"], grids: [watched])
                try WarningFixtures.file(server, grid: unwatched)
                let report = try #require(try WarningFixtures.file(server, grid: watched).first)
                let delivered = try await WarningFixtures.eventually("report_filed delivered") { () async throws -> [[String: Any]]? in
                    let all = try await Self.deliveries(client, id)
                    return all.first?["state"] as? String == "delivered" ? all : nil
                }
                // Events are handled in order: the unwatched grid's report, filed first, queued nothing.
                #expect(delivered.count == 1)
                let hits = receiver.hits("/reports")
                #expect(hits.count == 1)
                let hit = try #require(hits.first)
                #expect(hit.json["type"] as? String == "report_filed")
                #expect((hit.json["id"] as? String)?.hasPrefix("evt_") == true)
                #expect(hit.json["time"] as? String != nil)
                #expect(hit.data["report_id"] as? Int == Int(report.id))
                #expect(hit.data["grid"] as? String == watched)
                #expect(hit.data["matter"] as? String == "M001")
                #expect(hit.data["state"] as? String == "reported")
                #expect(hit.data["requested_at"] as? String == Dates.format(report.requestedAt))
                #expect(hit.headers["content-type"] == "application/json")
                #expect(hit.headers["x-gridatlas-event"] == "report_filed")
                #expect(hit.headers["x-gridatlas-delivery"] == "\(delivered[0]["id"] as? Int ?? -1)")
                #expect(delivered[0]["event_id"] as? String == hit.json["id"] as? String)

                // The signature is the HMAC-SHA256 of the raw body with the subscription's secret.
                let signature = try #require(hit.headers["x-gridatlas-signature"])
                #expect(signature == Self.hmac(hit.body, Self.secret))
                #expect(signature != Self.hmac(hit.body, "another-secret-0123456789"))
                #expect(WebhookSignature.verify(signature, body: hit.body, secret: Self.secret))
                #expect(!WebhookSignature.verify(signature, body: hit.body, secret: "another-secret-0123456789"))
            }
        }
    }

    @Test func aReceiverAnswering500TwiceGetsThreeAttemptsAndIsDelivered() async throws {
        let receiver = WebhookReceiver(script: ["/flaky": [500, 500, 200]])
        try await receiver.run { base in
            try await withWarningServer { client, server in
                let grid = try WarningFixtures.grids(server.atlas)[1]
                let id = try await Self.subscribe(client, url: base + "/flaky", events: ["report_filed"], grids: [grid])
                try WarningFixtures.file(server, grid: grid)
                let delivery = try await WarningFixtures.eventually("delivered after retries") { () async throws -> [String: Any]? in
                    let first = try await Self.deliveries(client, id).first
                    return first?["state"] as? String == "delivered" ? first : nil
                }
                #expect(delivery["attempt_count"] as? Int == 3)
                let attempts = try #require(delivery["attempts"] as? [[String: Any]])
                #expect(attempts.compactMap { $0["number"] as? Int } == [1, 2, 3])
                #expect(attempts.compactMap { $0["status"] as? Int } == [500, 500, 200])
                #expect(attempts.prefix(2).allSatisfy { $0["error"] as? String == "HTTP 500" })
                #expect(delivery["finished_at"] as? String != nil)
                let hits = receiver.hits("/flaky")
                #expect(hits.count == 3)
                // Every retry sends the same bytes, signed the same, as the same delivery.
                #expect(Set(hits.map(\.body)).count == 1)
                #expect(Set(hits.compactMap { $0.headers["x-gridatlas-delivery"] }).count == 1)
                #expect(hits.allSatisfy { $0.headers["x-gridatlas-signature"] == Self.hmac($0.body, Self.secret) })
            }
        }
    }

    @Test func aDeadURLEndsFailedAfterTheConfiguredAttempts() async throws {
        try await withWarningServer(configure: { $0.warnings.retry = WebhookRetryPolicy(attempts: 3, baseDelay: 0.02, maxDelay: 0.1) }) { client, server in
            let grid = try WarningFixtures.grids(server.atlas)[2]
            // Port 1 on loopback: nothing listens, the connection is refused at once.
            let id = try await Self.subscribe(client, url: "http://127.0.0.1:1/nobody", events: ["report_filed"], grids: [grid])
            try WarningFixtures.file(server, grid: grid)
            let delivery = try await WarningFixtures.eventually("failed for good") { () async throws -> [String: Any]? in
                let first = try await Self.deliveries(client, id).first
                return first?["state"] as? String == "failed" ? first : nil
            }
            #expect(delivery["attempt_count"] as? Int == 3)
            let attempts = try #require(delivery["attempts"] as? [[String: Any]])
            #expect(attempts.allSatisfy { $0["status"] == nil && ($0["error"] as? String)?.isEmpty == false })
            #expect(delivery["next_attempt_at"] == nil)
        }
    }

    @Test func subscriptionsNeedADispatcherAndAreChecked() async throws {
        try await withWarningServer { client, server in
            let grid = try WarningFixtures.grids(server.atlas)[0]
            let good = #"{"url":"https://example.org/hook","events":["level_changed"]}"#
            #expect(try await client.call("/webhooks", method: .post, body: good, contentType: Self.json).status == .unauthorized)
            for role in [AccessRole.citizen, .viewer] {
                let post = try await client.call("/webhooks", method: .post, as: role, body: good, contentType: Self.json)
                #expect(post.status == .forbidden, "\(role)")
                #expect(post.isProblem)
                #expect(try await client.call("/webhooks", as: role).status == .forbidden)
            }
            #expect(try await client.call("/webhooks").status == .unauthorized)

            let bad: [(String, String)] = [
                (#"{"url":"ftp://example.org/hook","events":["level_changed"]}"#, "url"),
                (#"{"events":["level_changed"]}"#, "url"),
                (#"{"url":"https://example.org/hook","events":["level_change"]}"#, "events"),
                (#"{"url":"https://example.org/hook","events":["report_filed"]}"#, "grids"),
                (#"{"url":"https://example.org/hook","events":["report_filed"],"grids":["450299999999999"]}"#, "grids"),
                (#"{"url":"https://example.org/hook","events":["level_changed"],"secret":"short"}"#, "secret"),
                (#"{"url":"https://example.org/hook","events":["level_changed"],"grid":["\#(grid)"]}"#, "grid"),
            ]
            for (body, field) in bad {
                let response = try await client.call("/webhooks", method: .post, as: .dispatcher, body: body, contentType: Self.json)
                #expect(response.status == .badRequest, "\(body): \(response.text)")
                #expect(response.isProblem)
                #expect(response.json["parameter"] as? String == field, "\(body): \(response.text)")
            }

            let made = try await client.call("/webhooks", method: .post, as: .planner, body: good, contentType: Self.json)
            #expect(made.status == .created)
            let id = try #require(made.json["id"] as? String)
            #expect((made.json["secret"] as? String)?.hasPrefix("whsec_") == true)
            #expect(made.headers[.location] == "/webhooks/\(id)")
            let list = try await client.call("/webhooks", as: .dispatcher)
            let listed = try #require(list.json["webhooks"] as? [[String: Any]])
            #expect(listed.compactMap { $0["id"] as? String } == [id])
            #expect(listed.allSatisfy { $0["secret"] == nil })

            #expect(try await client.call("/webhooks/\(id)", method: .delete, as: .viewer).status == .forbidden)
            let removed = try await client.call("/webhooks/\(id)", method: .delete, as: .dispatcher)
            #expect(removed.status == .ok)
            #expect(removed.json["removed_at"] as? String != nil)
            #expect(try await client.call("/webhooks/\(id)", method: .delete, as: .dispatcher).status == .notFound)
            #expect(try await client.call("/webhooks/\(id)/deliveries", as: .dispatcher).status == .notFound)
            #expect((try await client.call("/webhooks", as: .dispatcher).json["webhooks"] as? [Any])?.isEmpty == true)
        }
    }
}
