import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A running server answers from what any process has written to its store: a second `Atlas`
/// on the same file (its own connections and caches, as another process has) or the `gridatlas`
/// binary writes, and the server's answers change within the promised time. Timings are checked
/// by the clock of each request, never by a sleep: a request sent at or after the promised
/// moment must answer the new state, and one answering the new state must have been answered
/// after the moment that allows it.
@Suite("Live state: a running server answers what any process wrote")
struct LiveStateTests {
    static let inside = "lon=108.43&lat=24.31"
    /// How old a reading of the store's change counters may be (the promise, docs/reliability.md).
    static let promise = 0.1

    /// A second Atlas over the server's store file, sharing nothing with the server's.
    static func elsewhere(_ atlas: Atlas) throws -> Atlas {
        Atlas(store: try GridStore(path: atlas.store.path), notice: { _ in })
    }

    struct Timed {
        var sent: Date
        var received: Date
        var response: TestResponse
    }

    static func timed(_ client: any TestClientProtocol, _ uri: String, key: String? = nil, as role: AccessRole? = nil,
                      method: HTTPRequest.Method = .get) async throws -> Timed {
        let sent = Date()
        let response = try await client.call(uri, method: method, as: role, key: key)
        return Timed(sent: sent, received: Date(), response: response)
    }

    /// Calls `ask` (one request, checked inside) until it has been called five times at or after
    /// `written` + the promise, which it is told; returns true from `ask` for those calls. Bounded
    /// by a minute, so a starved machine fails the count instead of hanging the suite.
    static func poll(after written: Date, _ ask: (_ promised: Date) async throws -> Bool) async throws {
        let promised = written.addingTimeInterval(promise)
        let deadline = Date().addingTimeInterval(60)
        var checked = 0
        while checked < 5 && Date() < deadline {
            if try await ask(promised) { checked += 1 }
            // A pause between requests: the rest of the suite shares the two cores.
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(checked == 5, "no answer to a request sent after the promised moment within a minute")
    }

    // MARK: Generations

    @Test func aScheduledGenerationTakesOverAtItsMomentToTheMillisecond() async throws {
        try await withLiveServer { client, atlas in
            let other = try Self.elsewhere(atlas)
            #expect(try await client.call("/generations/next").status == .notFound)
            _ = try other.importUnits(files: [("units.geojson", DemoStore.file("data/demo/units.geojson"))], crs: .wgs84,
                                      crsIsExplicit: false, generation: "next")
            // The draft: every request sent 0.1 s after the import returned finds it.
            let drafted = Date()
            try await Self.poll(after: drafted) { promised in
                let t = try await Self.timed(client, "/generations/next")
                if t.sent >= promised { #expect(t.response.status == .ok, "sent \(t.sent.timeIntervalSince(drafted)) s after") }
                return t.sent >= promised
            }

            // Published by the other side, in force 1 s from now (to the millisecond, as stored).
            let effective = Dates.milliseconds(Date().addingTimeInterval(1))
            let published = try other.store.publish("next", effectiveFrom: effective)
            #expect(published.effectiveFrom == effective)
            var answers = (old: 0, new: 0, sentAfter: 0)
            var round = 0
            // Until a few requests sent after the moment are answered, however loaded the machine.
            let deadline = Date().addingTimeInterval(60)
            while answers.sentAfter < 8 && Date() < deadline {
                let uri = ["/locate?\(Self.inside)", "/generations/in-force", "/health", "/units/450299001001001"][round % 4]
                round += 1
                try await Task.sleep(for: .milliseconds(10))
                let t = try await Self.timed(client, uri)
                if t.sent >= effective { answers.sentAfter += 1 }
                #expect(t.response.status == .ok, "\(uri): \(t.response.text)")
                let name = t.response.json["generation"] as? String ?? t.response.json["name"] as? String
                switch name {
                case "next":
                    answers.new += 1
                    // The server's moment lies between sending and receiving.
                    #expect(t.received >= effective, "\(uri) answered 'next' \(effective.timeIntervalSince(t.received)) s early")
                case "2024":
                    answers.old += 1
                    #expect(t.sent < effective, "\(uri) sent \(t.sent.timeIntervalSince(effective)) s after the switch answered '2024'")
                default:
                    Issue.record("\(uri) named no generation: \(t.response.text)")
                }
            }
            // Old answers are seen unless the machine took the whole second to answer once.
            #expect(answers.new >= 8, "\(answers)")

            // The moment itself, to the millisecond, for any question that names one.
            let before = Dates.formatExact(effective.addingTimeInterval(-0.001)), at = Dates.formatExact(effective)
            #expect(before != at)
            for (moment, expected) in [(before, "2024"), (at, "next")] {
                let query = moment.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let located = try await client.call("/locate?\(Self.inside)&at=\(query)")
                #expect(located.json["generation"] as? String == expected, "at \(moment): \(located.text)")
                let inForce = try await client.call("/generations/in-force?at=\(query)")
                #expect(inForce.json["name"] as? String == expected, "at \(moment)")
            }
            let list = try await client.call("/generations")
            let statuses = (list.json["generations"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["name"] as? String ?? ""] = $1["status"] as? String
            }
            #expect(statuses == ["2024": "retired", "next": "active"])
            let shown = try await client.call("/generations/next")
            #expect(shown.json["effective_from"] as? String == Dates.formatExact(effective), "shown as kept, to the millisecond")
        }
    }

    @Test func theGenerationsCLIActivatesAreAnsweredByARunningServer() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: RealBoundaryRouteTests.binary.path), "build gridatlas first (tools/test does)")
        try await withLiveServer { client, atlas in
            let store = atlas.store.path
            try RealBoundaryRouteTests.gridatlas(["import", "units", DemoStore.root.appendingPathComponent("data/demo/units.geojson").path,
                                                  "--generation", "redraw"], store: store)
            let imported = Date()
            let effective = Dates.milliseconds(Date().addingTimeInterval(4))
            // Published by another process, with the same topology gate as the server's own route.
            try RealBoundaryRouteTests.gridatlas(["generations", "activate", "redraw", "--effective", Dates.formatExact(effective)], store: store)
            let activated = Date()
            #expect(activated < effective, "the CLI took \(activated.timeIntervalSince(imported)) s: the test's margin is too short")
            let t = try await Self.timed(client, "/generations/redraw")
            #expect(t.response.status == .ok)
            let status = t.response.json["status"] as? String
            if t.received < effective { #expect(status == "scheduled") }
            if t.sent >= effective { #expect(status == "active") }
            var sentAfter = 0
            let deadline = Date().addingTimeInterval(60)
            while sentAfter < 5 && Date() < deadline {
                let t = try await Self.timed(client, "/locate?\(Self.inside)")
                let name = t.response.json["generation"] as? String
                if t.sent >= effective { #expect(name == "redraw"); sentAfter += 1 }
                if name == "redraw" { #expect(t.received >= effective) } else { #expect(name == "2024") }
                try await Task.sleep(for: .milliseconds(t.sent < effective.addingTimeInterval(-0.3) ? 50 : 10))
            }
            #expect(sentAfter == 5)
        }
    }

    // MARK: Keys

    @Test func aKeyMadeElsewhereWorksAtOnceAndOneRevokedElsewhereIsRefusedWithinThePromise() async throws {
        try await withLiveServer { client, atlas in
            // The server has its keys in memory before the other side makes one.
            #expect(try await client.call("/generations", as: .viewer).status == .ok)
            let other = try Self.elsewhere(atlas)
            let made = try other.store.createKey(name: "made elsewhere", role: .dispatcher)
            let first = try await client.call("/webhooks", key: made.secret)
            #expect(first.status == .ok, "a new key on the very next request: \(first.text)")

            try other.store.revokeKey(id: made.key.id)
            let revoked = Date()
            try await Self.poll(after: revoked) { promised in
                let t = try await Self.timed(client, "/webhooks", key: made.secret)
                if t.sent >= promised {
                    #expect(t.response.status == .unauthorized, "accepted \(t.sent.timeIntervalSince(revoked)) s after revoking")
                }
                if t.response.status == .unauthorized {
                    #expect(t.response.json["detail"] as? String == "the API key has been revoked")
                }
                return t.sent >= promised
            }
        }
    }

    @Test func aKeyRevokedThroughTheServerIsRefusedFromTheMomentTheRevocationAnswers() async throws {
        try await withLiveServer { client, atlas in
            let made = try atlas.store.createKey(name: "to revoke", role: .viewer)
            #expect(try await client.call("/generations", key: made.secret).status == .ok)
            let port = try #require(client.port)
            // Other connections keep using the key while it is revoked, as a client in another
            // office would; each request's sending moment is kept with its answer.
            let stop = Date().addingTimeInterval(30)
            let accepted = Tally()
            let answered = try await withThrowingTaskGroup(of: [(Date, HTTPResponse.Status)].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let connection = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(20)))
                        connection.connect()
                        var seen: [(Date, HTTPResponse.Status)] = []
                        var after = 0
                        while Date() < stop && after < 20 {
                            let sent = Date()
                            let response = try await connection.execute(.init("/generations", method: .get, headers: [.authorization: "Bearer \(made.secret)"]))
                            seen.append((sent, response.status))
                            if response.status == .ok { accepted.add() }
                            if response.status == .unauthorized { after += 1 }
                        }
                        try await connection.shutdown()
                        return seen
                    }
                }
                // Revoked while every connection is in use.
                while accepted.count < 6 && Date() < stop { try await Task.sleep(for: .milliseconds(5)) }
                let revocation = try await client.call("/keys/\(made.key.id)", method: .delete, as: .admin)
                let answeredAt = Date()
                #expect(revocation.status == .ok)
                let next = try await client.call("/generations", key: made.secret)
                #expect(next.status == .unauthorized, "the very next request after DELETE answered")
                var all: [(Date, HTTPResponse.Status)] = []
                for try await part in group { all += part }
                return (answeredAt, all)
            }
            let (revocationAnswered, requests) = answered
            let late = requests.filter { $0.0 >= revocationAnswered && $0.1 != .unauthorized }
            #expect(late.isEmpty, "\(late.count) requests sent after DELETE answered were let through")
            #expect(requests.contains { $0.0 < revocationAnswered && $0.1 == .ok }, "the key worked before")
            #expect(requests.filter { $0.0 >= revocationAnswered }.count >= 20)
        }
    }

    // MARK: Catalogue, roster, warning rule

    @Test func aCatalogueRosterAndWarningRuleChangedElsewhereAreAnswered() async throws {
        try await withLiveServer { client, atlas in
            let other = try Self.elsewhere(atlas)
            // The server holds the catalogue and the whole roster in memory first.
            let services = Open311Tests.array(try await client.call("/open311/v2/services.json"))
            _ = try atlas.roster()
            let worker = try #require((try await client.call("/locate?\(Self.inside)")).json["responsible"] as? [String: Any])
            let workerId = try #require(worker["id"] as? String)

            let catalogue = try other.store.catalogue()
            try other.store.saveCatalogue(departments: catalogue.departments, matters: Array(catalogue.matters.dropLast()), note: "one less")
            let roster = try other.store.roster().map { entry -> RosterEntry in
                var renamed = entry
                if entry.workerId == workerId { renamed.name = "改名了" }
                return renamed
            }
            try other.store.saveRoster(roster, replace: true)
            var rule = try other.store.warningRule()
            rule.windowHours += 1
            try other.store.saveWarningRule(rule, by: "elsewhere")
            let written = Date()

            try await Self.poll(after: written) { promised in
                let sent = Date()
                let now = (
                    catalogue: Open311Tests.array(try await client.call("/open311/v2/services.json")).count == services.count - 1,
                    roster: ((try await client.call("/locate?\(Self.inside)")).json["responsible"] as? [String: Any])?["name"] as? String == "改名了",
                    rule: (try await client.call("/warnings/rule")).json["window_hours"] as? Double == rule.windowHours
                )
                if sent >= promised {
                    #expect(now.catalogue && now.roster && now.rule, "\(now), sent \(sent.timeIntervalSince(written)) s after the writes")
                }
                return sent >= promised
            }
        }
    }

    // MARK: The counters

    @Test func everyWriteThatMattersRaisesItsCounterAndReportsDoNot() async throws {
        let atlas = try DemoStore.copy()
        let other = try Self.elsewhere(atlas)
        let start = try atlas.store.changes()
        _ = try await ReportDesk(atlas: other).file(ReportDraft(matterCode: "M001", description: "a report", position: LonLat(108.43, 24.31)),
                                              by: CaseActor(id: "k", role: .citizen))
        #expect(try atlas.store.changes() == start, "filing a report is not a change of what servers keep")
        let key = try other.store.createKey(name: "k", role: .viewer)
        #expect(try atlas.store.changes().keys > start.keys)
        var now = try atlas.store.changes()
        try other.store.revokeKey(id: key.key.id)
        #expect(try atlas.store.changes().keys > now.keys)
        now = try atlas.store.changes()
        _ = try other.createDraft("d", from: "2024", actor: "t")
        #expect(try atlas.store.changes().generations > now.generations)
        now = try atlas.store.changes()
        try other.discard(draft: "d")
        #expect(try atlas.store.changes().generations > now.generations)
        now = try atlas.store.changes()
        try other.store.saveRoster([], replace: true)
        #expect(try atlas.store.changes().roster > now.roster)
        #expect(try atlas.store.changes().keys == now.keys && atlas.store.changes().generations == now.generations)
    }

    @Test func theWatchReadsTheCountersAtMostOncePerIntervalAndAtOnceWhenAsked() async throws {
        let atlas = try DemoStore.copy()
        let watch = StoreWatch(store: atlas.store, interval: .seconds(60))
        let first = try watch.current()
        try atlas.store.createKey(name: "k", role: .viewer)
        #expect(try watch.current() == first, "a reading younger than the interval is used")
        #expect(try watch.refresh().keys > first.keys)
        #expect(try watch.current().keys > first.keys)
    }
}

/// A count shared by concurrent tasks.
final class Tally: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
