import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Testing

/// Early warning over a real store: levels against counts made here from the filed reports,
/// level changes as reports gather and age out, and the rule's checks.
@Suite struct EarlyWarningTests {
    static let dispatcher = CaseActor(id: "k-dispatch", role: .dispatcher)
    static let hour: TimeInterval = 3600

    /// Files `count` reports of `matter` in `grid`, dated `hoursAgo` before `now`.
    static func file(_ desk: ReportDesk, grid: String, count: Int, hoursAgo: Double, matter: String = "M001", now: Date) throws -> [Report] {
        let point = try DemoFiles.interiorPoint(of: grid, in: desk.atlas)
        return try (0..<count).map { i in
            var draft = ReportDraft(matterCode: matter, description: "report \(i)", position: point)
            draft.requestedAt = now.addingTimeInterval(-hoursAgo * hour - Double(i))
            return try desk.file(draft, by: dispatcher, now: now)
        }
    }

    static func grids(_ desk: ReportDesk) throws -> [AreaUnit] {
        let generation = try #require(try desk.store.generation(named: "2024"))
        return try desk.store.units(inGeneration: generation.id).filter { $0.tier == .grid }
    }

    /// Level from thresholds, written out here rather than taken from WarningRule.
    static func expectedLevel(_ value: Double?, _ t: [Double]) -> Int {
        guard let value else { return 0 }
        if value >= t[3] { return 4 }
        if value >= t[2] { return 3 }
        if value >= t[1] { return 2 }
        if value >= t[0] { return 1 }
        return 0
    }

    /// A spread of grids: counts inside the window across every level, reports outside the
    /// window, a rejected report, and a second matter.
    static func seed(_ desk: ReportDesk, now: Date) throws -> [AreaUnit] {
        let grids = try Self.grids(desk)
        let inside = [2, 3, 5, 8, 12, 13, 1]
        for (i, n) in inside.enumerated() { _ = try file(desk, grid: grids[i].code, count: n, hoursAgo: Double(1 + i * 20), now: now) }
        _ = try file(desk, grid: grids[0].code, count: 4, hoursAgo: 200, now: now)  // outside the 168 h window
        _ = try file(desk, grid: grids[7].code, count: 3, hoursAgo: 167.9, matter: "M019", now: now)
        let rejected = try file(desk, grid: grids[1].code, count: 1, hoursAgo: 2, now: now)[0]
        _ = try desk.move(rejected.id, CaseMove(to: .rejected, note: "not a matter for the grid"), by: dispatcher, now: now)
        return grids
    }

    /// Reports per grid in (at − window, at], rejected ones left out: counted from the reports themselves.
    static func counts(_ desk: ReportDesk, at: Date, windowHours: Double, matters: [String]? = nil) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for report in try desk.store.reports(ReportFilter(), pageSize: 10_000) {
            guard let grid = report.gridCode, report.state != .rejected else { continue }
            guard report.requestedAt > at.addingTimeInterval(-windowHours * hour), report.requestedAt <= at else { continue }
            if let matters, !matters.contains(report.matterCode) { continue }
            counts[grid, default: 0] += 1
        }
        return counts
    }

    @Test func boardLevelsMatchCountsMadeFromTheReports() throws {
        let (_, desk) = try DemoFiles.desk()
        let now = Dates.milliseconds(Date())
        let grids = try Self.seed(desk, now: now)
        let warning = EarlyWarning(desk: desk)
        #expect(try warning.rule() == .standard)

        let counts = try Self.counts(desk, at: now, windowHours: 168)
        #expect(counts.values.reduce(0, +) == 47)  // 2 + 3 + 5 + 8 + 12 + 13 + 1 in the window, 3 of M019
        let board = try warning.board(at: now, minimum: .none)
        #expect(board.generation == "2024")
        #expect(board.grids.count == grids.count)
        #expect(board.levels.map(\.level) == [4, 3, 2, 1, 0])
        #expect(board.levels.map(\.grids).reduce(0, +) == grids.count)
        for row in board.grids {
            let n = counts[row.code] ?? 0
            #expect(row.reports == n, "\(row.code)")
            #expect(row.value == Double(n), "\(row.code)")
            #expect(row.level == Self.expectedLevel(Double(n), [3, 5, 8, 12]), "\(row.code): \(n) reports")
            #expect(row.colour == WarningLevel(rawValue: row.level)!.colour)
            #expect(row.name == grids.first { $0.code == row.code }?.name)
        }
        // The default listing: level 1 and up, worst first.
        let listed = try warning.board(at: now)
        #expect(listed.grids.map(\.reports) == [13, 12, 8, 5, 3, 3])
        #expect(listed.grids.map(\.level) == [4, 4, 3, 2, 1, 1])
        #expect(listed.grids.first?.nextThreshold == nil)
        #expect(listed.grids.last?.nextThreshold == 5)

        // A week later everything has aged out.
        let later = try warning.board(at: now.addingTimeInterval(169 * Self.hour))
        #expect(later.grids.isEmpty)
    }

    @Test func perAreaPerHouseholdAndMatterFiltersUseTheGridsBaseData() throws {
        let (_, desk) = try DemoFiles.desk()
        let now = Dates.milliseconds(Date())
        let grids = try Self.seed(desk, now: now)
        let warning = EarlyWarning(desk: desk)
        let generation = try #require(try desk.store.generation(named: "2024"))
        let areas = try desk.store.unitAreas(inGeneration: generation.id)

        // Per km²: thresholds set around the values seen so that several levels occur.
        let counts = try Self.counts(desk, at: now, windowHours: 168)
        let perKm2 = grids.map { Double(counts[$0.code] ?? 0) / (areas[$0.code]! / 1e6) }.filter { $0 > 0 }.sorted()
        let t = [perKm2[1], perKm2[3], perKm2[5], perKm2[7] * 1.5].map { ($0 * 1000).rounded(.down) / 1000 }
        try warning.setRule(WarningRule(measure: .perKm2, windowHours: 168, thresholds: t), by: "test", now: now)
        for row in try warning.board(at: now, minimum: .none).grids {
            let expected = Double(counts[row.code] ?? 0) / (areas[row.code]! / 1e6)
            #expect(abs(row.value! - expected) <= 1e-9 * max(1, expected), "\(row.code)")
            #expect(row.level == Self.expectedLevel(expected, t), "\(row.code)")
        }

        // Per 1,000 households, only matter M019 and a 170 h window.
        try warning.setRule(WarningRule(measure: .per1000Households, windowHours: 170, matters: ["M019"], thresholds: [1, 2, 4, 8]),
                            by: "test", now: now)
        let m019 = try Self.counts(desk, at: now, windowHours: 170, matters: ["M019"])
        #expect(m019.values.reduce(0, +) == 3)
        for row in try warning.board(at: now, minimum: .none).grids {
            let households = grids.first { $0.code == row.code }?.households
            let expected = households.flatMap { $0 > 0 ? Double(m019[row.code] ?? 0) * 1000 / Double($0) : nil }
            #expect(row.value == expected, "\(row.code)")
            #expect(row.level == Self.expectedLevel(expected, [1, 2, 4, 8]), "\(row.code)")
        }
    }

    @Test func levelsChangeOnceAtEachThresholdAndFallAsReportsAge() throws {
        let (_, desk) = try DemoFiles.desk()
        let warning = EarlyWarning(desk: desk)
        let webhooks = Webhooks(store: desk.store)
        let grid = try Self.grids(desk)[10].code
        let everyGrid = try webhooks.subscribe(url: "http://127.0.0.1:9/hook", events: ["level_changed"], grids: nil, by: "test")
        let now = Dates.milliseconds(Date())
        var changes: [LevelChange] = []
        for n in 1...13 {
            _ = try Self.file(desk, grid: grid, count: 1, hoursAgo: 1, now: now.addingTimeInterval(Double(n)))
            let step = try warning.refresh(grid: grid, at: now.addingTimeInterval(Double(n)))
            #expect(step.count <= 1)
            if let change = step.first {
                #expect(change.reports == n)
                changes.append(change)
            }
        }
        #expect(changes.map(\.reports) == [3, 5, 8, 12])
        #expect(changes.map(\.from) == [.none, .blue, .yellow, .orange])
        #expect(changes.map(\.to) == [.blue, .yellow, .orange, .red])
        #expect(try warning.recordedLevels()[grid]?.level == .red)
        #expect(try warning.sweep(at: now.addingTimeInterval(20)).isEmpty)

        // 170 hours on, every report has left the window: one change down to 0, then none.
        let aged = try warning.sweep(at: now.addingTimeInterval(170 * Self.hour))
        #expect(aged == [LevelChange(grid: grid, from: .red, to: .none, value: 0, reports: 0, at: now.addingTimeInterval(170 * Self.hour))])
        #expect(try warning.sweep(at: now.addingTimeInterval(171 * Self.hour)).isEmpty)

        // Each change queued one level_changed message for the subscription, in order.
        let deliveries = try webhooks.deliveries(of: everyGrid.subscription.id).reversed()
        #expect(deliveries.count == 5)
        let bodies = try deliveries.map { try #require(try JSONSerialization.jsonObject(with: $0.body) as? [String: Any]) }
        let data = bodies.compactMap { $0["data"] as? [String: Any] }
        #expect(data.compactMap { $0["from"] as? Int } == [0, 1, 2, 3, 4])
        #expect(data.compactMap { $0["to"] as? Int } == [1, 2, 3, 4, 0])
        #expect(data.allSatisfy { $0["grid"] as? String == grid })
        #expect(bodies.allSatisfy { $0["type"] as? String == "level_changed" && ($0["id"] as? String)?.hasPrefix("evt_") == true })
        #expect(deliveries.allSatisfy { $0.state == .pending && $0.attempts.isEmpty })
    }

    @Test func aRejectedReportStopsCounting() throws {
        let (_, desk) = try DemoFiles.desk()
        let warning = EarlyWarning(desk: desk)
        let grid = try Self.grids(desk)[3].code
        let now = Dates.milliseconds(Date())
        let reports = try Self.file(desk, grid: grid, count: 3, hoursAgo: 1, now: now)
        #expect(try warning.refresh(grid: grid, at: now).map(\.to) == [.blue])
        _ = try desk.move(reports[0].id, CaseMove(to: .rejected), by: Self.dispatcher, now: now)
        #expect(try warning.refresh(grid: grid, at: now).map(\.to) == [WarningLevel.none])
    }

    @Test func ruleChecksNameTheField() throws {
        let (_, desk) = try DemoFiles.desk()
        let warning = EarlyWarning(desk: desk)
        let bad: [(WarningRule, String)] = [
            (WarningRule(measure: .count, windowHours: 168, thresholds: [3, 5, 5, 12]), "thresholds"),
            (WarningRule(measure: .count, windowHours: 168, thresholds: [12, 8, 5, 3]), "thresholds"),
            (WarningRule(measure: .count, windowHours: 168, thresholds: [3, 5, 8]), "thresholds"),
            (WarningRule(measure: .count, windowHours: 168, thresholds: [0, 5, 8, 12]), "thresholds"),
            (WarningRule(measure: .count, windowHours: 168, thresholds: [-1, 5, 8, .infinity]), "thresholds"),
            (WarningRule(measure: .count, windowHours: 0, thresholds: [3, 5, 8, 12]), "window_hours"),
            (WarningRule(measure: .count, windowHours: .nan, thresholds: [3, 5, 8, 12]), "window_hours"),
            (WarningRule(measure: .count, windowHours: 9000, thresholds: [3, 5, 8, 12]), "window_hours"),
            (WarningRule(measure: .count, windowHours: 24, matters: ["M999"], thresholds: [3, 5, 8, 12]), "matters"),
            (WarningRule(measure: .count, windowHours: 24, matters: [], thresholds: [3, 5, 8, 12]), "matters"),
            (WarningRule(measure: .count, windowHours: 24, departments: ["police"], thresholds: [3, 5, 8, 12]), "departments"),
        ]
        for (rule, field) in bad {
            #expect(throws: WarningRuleError.self, "\(rule)") { try warning.setRule(rule, by: "test") }
            do { try warning.setRule(rule, by: "test") } catch let error as WarningRuleError { #expect(error.field == field, "\(error)") }
        }
        #expect(try warning.rule() == .standard)

        let now = Dates.milliseconds(Date())
        let rule = WarningRule(measure: .perKm2, windowHours: 72, matters: ["M001", "M019"], departments: ["fire"], thresholds: [1, 2.5, 4, 9.75])
        let saved = try warning.setRule(rule, by: "planner-key", now: now)
        let read = try warning.rule()
        #expect(read == saved)
        #expect(read.updatedBy == "planner-key" && read.updatedAt == now)
        #expect(read.thresholds == [1, 2.5, 4, 9.75] && read.matters == ["M001", "M019"] && read.departments == ["fire"])
    }

    @Test func subscriptionsAreCheckedAndRemovalCancelsPendingDeliveries() throws {
        let (_, desk) = try DemoFiles.desk()
        let webhooks = Webhooks(store: desk.store)
        let grid = try Self.grids(desk)[0].code
        let refused: [(String, [String], [String]?, String?, String)] = [
            ("ftp://example.org/hook", ["level_changed"], nil, nil, "url"),
            ("not a url", ["level_changed"], nil, nil, "url"),
            ("http:///nohost", ["level_changed"], nil, nil, "url"),
            ("https://example.org/hook", [], nil, nil, "events"),
            ("https://example.org/hook", ["level_change"], nil, nil, "events"),
            ("https://example.org/hook", ["report_filed"], nil, nil, "grids"),
            ("https://example.org/hook", ["report_filed"], [], nil, "grids"),
            ("https://example.org/hook", ["level_changed"], ["450299999999999"], nil, "grids"),
            ("https://example.org/hook", ["level_changed"], ["450299001001"], nil, "grids"),  // a community, not a grid
            ("https://example.org/hook", ["level_changed"], nil, "short", "secret"),
        ]
        for (url, events, grids, secret, field) in refused {
            #expect(throws: WebhookError.badField(field, "")) {
                do { _ = try webhooks.subscribe(url: url, events: events, grids: grids, secret: secret, by: "t") } catch let error as WebhookError {
                    throw WebhookError.badField(error.field, "")
                }
            }
        }
        #expect(try webhooks.list().isEmpty)

        let made = try webhooks.subscribe(url: "https://example.org/hook", events: ["report_filed", "level_changed", "report_filed"],
                                          grids: [grid, grid], by: "t")
        #expect(made.secret.hasPrefix("whsec_") && made.secret.count == 38)
        #expect(made.subscription.events == [.reportFiled, .levelChanged])
        #expect(made.subscription.grids == [grid])
        #expect(try webhooks.list() == [made.subscription])

        let now = Dates.milliseconds(Date())
        let report = try Self.file(desk, grid: grid, count: 1, hoursAgo: 0, now: now)[0]
        #expect(try webhooks.reportFiled(report) == 1)
        let outside = try Self.file(desk, grid: try Self.grids(desk)[1].code, count: 1, hoursAgo: 0, now: now)[0]
        #expect(try webhooks.reportFiled(outside) == 0)
        #expect(try webhooks.deliveries(of: made.subscription.id).map(\.state) == [.pending])

        try webhooks.remove(id: made.subscription.id)
        #expect(try webhooks.list().isEmpty)
        #expect(throws: WebhookError.notFound(made.subscription.id)) { try webhooks.deliveries(of: made.subscription.id) }
        #expect(throws: WebhookError.notFound(made.subscription.id)) { try webhooks.remove(id: made.subscription.id) }
        #expect(try desk.store.deliveries(ofWebhook: made.subscription.id).map(\.state) == [.cancelled])
        #expect(try desk.store.dueDeliveries(at: now.addingTimeInterval(60), limit: 10).isEmpty)
    }

    @Test func signaturesAreHMACSHA256OfTheBody() {
        // RFC 4231, test case 2.
        let body = Data("what do ya want for nothing?".utf8)
        let signature = WebhookSignature.sign(body, secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.verify(signature, body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verify(signature, body: body, secret: "Jeff"))
        #expect(!WebhookSignature.verify(signature, body: Data("what do ya want for nothing!".utf8), secret: "Jefe"))
    }
}
