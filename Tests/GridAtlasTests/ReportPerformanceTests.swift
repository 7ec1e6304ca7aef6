import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Testing

/// Closing rates and the weekly spot check, after moving cases through the desk.
@Suite struct ReportPerformanceTests {
    static let dispatcher = FigureSeed.dispatcher

    /// Six reports in one grid with figures worked out by hand.
    @Test func ratesMatchAWorkedExample() throws {
        let (_, desk) = try DemoFiles.desk()
        let grid = "450299003003006"
        let p = try DemoFiles.interiorPoint(of: grid, in: desk.atlas)
        let t = Dates.parse("2026-09-10T08:00:00+08:00")!
        func file(_ matter: String, _ hours: Double) throws -> Report {
            try FigureSeed.file(desk, matter, p, at: t.addingTimeInterval(hours * 3600))
        }
        let r1 = try file("M001", 0), r2 = try file("M001", 1), r3 = try file("M001", 2)
        let r4 = try file("M001", 3), r5 = try file("M001", 4)
        let r6 = try file("M015", 20 * 24)  // 168 h deadline: due 7 October
        #expect(r1.expectedAt == r1.requestedAt.addingTimeInterval(24 * 3600))
        _ = try FigureSeed.close(desk, r1, at: r1.requestedAt.addingTimeInterval(6 * 3600))    // 6 h, on time
        _ = try FigureSeed.close(desk, r2, at: r2.requestedAt.addingTimeInterval(20 * 3600))   // 20 h, on time
        _ = try FigureSeed.close(desk, r3, at: r3.requestedAt.addingTimeInterval(30 * 3600))   // 30 h, late
        _ = try desk.move(r4.id, CaseMove(to: .rejected), by: Self.dispatcher, now: r4.requestedAt.addingTimeInterval(600))
        for state in [CaseState.accepted, .dispatched] {
            _ = try desk.move(r5.id, CaseMove(to: state), by: Self.dispatcher, now: r5.requestedAt.addingTimeInterval(600))
        }
        _ = r6
        let now = Dates.parse("2026-10-02")!
        let figures = ReportFigures(desk: desk)
        let byGrid = try figures.performance(by: .unit(.grid), window: FigureSeed.window, now: now)
        let row = try #require(byGrid.rows.first { $0.code == grid })
        #expect(row.reports == 6 && row.rejected == 1 && row.closed == 3 && row.closedOnTime == 2)
        #expect(row.closingRate == 0.6)                       // 3 ÷ (6 − 1)
        #expect(abs(row.onTimeRate! - 2.0 / 3) < 1e-12)       // 2 ÷ 3
        #expect(abs(row.avgHandlingHours! - 56.0 / 3) < 1e-9) // (6 + 20 + 30) ÷ 3
        #expect(row.open == 2 && row.overdue == 1)            // r5 was due 11 September; r6 is due 7 October
        #expect(byGrid.rows.filter { $0.code != grid }.allSatisfy { $0.reports == 0 && $0.closingRate == nil })
        var total = byGrid.total
        #expect(total.code == nil && total.name == nil)
        total.code = row.code
        total.name = row.name
        #expect(total == row)

        let byDepartment = try figures.performance(by: .department, window: FigureSeed.window, now: now)
        let fire = try #require(byDepartment.rows.first { $0.code == "fire" })
        #expect(fire.name == "消防救援" && fire.reports == 5 && fire.closingRate == 0.75 && fire.open == 1 && fire.overdue == 1)
        let migrant = try #require(byDepartment.rows.first { $0.code == "migrant" })
        #expect(migrant.reports == 1 && migrant.closingRate == 0 && migrant.onTimeRate == nil && migrant.avgHandlingHours == nil)
        #expect(byDepartment.rows.count == 11 && byDepartment.generation == nil && byDepartment.unmatched == nil)
        // Before r5's deadline nothing is overdue.
        #expect(try figures.performance(by: .unit(.grid), window: FigureSeed.window, now: r5.requestedAt).total.overdue == 0)
    }

    /// The seeded pattern moved through every outcome, checked per grid, community and department.
    @Test func ratesPerUnitAndDepartmentMatchTheMovedCases() throws {
        let (_, desk) = try DemoFiles.desk()
        var seeded = try FigureSeed.file(desk)
        for i in seeded.indices {
            let r = seeded[i]
            switch i % 6 {
            case 0: seeded[i] = try FigureSeed.close(desk, r, at: r.requestedAt.addingTimeInterval(r.expectedAt.timeIntervalSince(r.requestedAt) / 2))
            case 1: seeded[i] = try desk.move(r.id, CaseMove(to: .rejected), by: Self.dispatcher, now: r.requestedAt.addingTimeInterval(300))
            case 2: seeded[i] = try FigureSeed.close(desk, r, at: r.expectedAt.addingTimeInterval(3 * 3600))
            case 3:
                seeded[i] = try FigureSeed.close(desk, r, at: r.expectedAt.addingTimeInterval(-60))
                seeded[i] = try desk.move(r.id, CaseMove(to: .reopened), by: Self.dispatcher, now: r.expectedAt)
            case 4: seeded[i] = try desk.move(r.id, CaseMove(to: .accepted), by: Self.dispatcher, now: r.requestedAt.addingTimeInterval(300))
            default: break
            }
        }
        let now = FigureSeed.to.addingTimeInterval(-2 * 86_400)
        let current = FigureSeed.within(seeded, FigureSeed.from, FigureSeed.to)
        func expect(_ row: ReportPerformance.Row, _ cases: [Report], _ label: String) {
            let closed = cases.filter { $0.state == .closed }
            let rejected = cases.filter { $0.state == .rejected }.count
            let onTime = closed.filter { $0.closedAt! <= $0.expectedAt }.count
            let open = cases.filter { $0.state != .closed && $0.state != .rejected }
            #expect(row.reports == cases.count && row.rejected == rejected && row.closed == closed.count, "\(label)")
            #expect(row.closedOnTime == onTime && row.open == open.count, "\(label)")
            #expect(row.overdue == open.filter { $0.expectedAt < now }.count, "\(label)")
            let handled = cases.count - rejected
            #expect(row.closingRate == (handled > 0 ? Double(closed.count) / Double(handled) : nil), "\(label)")
            #expect(row.onTimeRate == (closed.isEmpty ? nil : Double(onTime) / Double(closed.count)), "\(label)")
            let hours = closed.map { $0.closedAt!.timeIntervalSince($0.requestedAt) / 3600 }
            if hours.isEmpty { #expect(row.avgHandlingHours == nil, "\(label)") } else {
                #expect(abs(row.avgHandlingHours! - hours.reduce(0, +) / Double(hours.count)) < 1e-9, "\(label)")
            }
        }
        let figures = ReportFigures(desk: desk)
        for tier in [Tier.grid, .community, .subdistrict] {
            let answer = try figures.performance(by: .unit(tier), window: FigureSeed.window, now: now)
            for row in answer.rows { expect(row, current.filter { $0.units[tier] == row.code }, "\(tier) \(row.code!)") }
            expect(try #require(answer.withoutUnit), current.filter { $0.units[tier] == nil }, "\(tier) without unit")
            expect(answer.total, current, "\(tier) total")
        }
        let departments = try figures.performance(by: .department, window: FigureSeed.window, now: now)
        for row in departments.rows { expect(row, current.filter { $0.department == row.code }, "department \(row.code!)") }
        #expect(Set(current.map(\.department)).isSubset(of: Set(departments.rows.compactMap(\.code))))
        // M018's cases went to its lead department, order.
        if let m018 = current.first(where: { $0.matterCode == "M018" }) { #expect(m018.department == "order") }
        // The pattern reached every outcome.
        #expect(Set(current.map(\.state)).isSuperset(of: [.closed, .rejected, .reopened, .accepted, .reported]))
    }

    // MARK: Spot check

    static let week = "2026-W38"
    static let weekStart = Dates.parse("2026-09-14")!
    static let weekEnd = Dates.parse("2026-09-21")!

    /// Forty reports requested 1-9 September, closed before, in and after the week (a few exactly
    /// on its bounds), one reopened after closing in the week, one outside coverage.
    static func seedWeek(_ desk: ReportDesk) throws -> [Report] {
        var pattern = FigureSeed.Pattern(state: 38)
        var points: [String: LonLat] = [:]
        for grid in FigureSeed.grids { points[grid] = try DemoFiles.interiorPoint(of: grid, in: desk.atlas) }
        var out: [Report] = []
        for i in 0..<40 {
            let grid = FigureSeed.grids[pattern.next(3) == 0 ? pattern.next(FigureSeed.grids.count) : pattern.next(3)]
            let at = Dates.parse("2026-09-01")!.addingTimeInterval(Double(pattern.next(8 * 24 * 60)) * 60)
            let r = try FigureSeed.file(desk, "M035", points[grid]!, at: at)
            let closeAt: Date? = switch i % 6 {
            case 0: Dates.parse("2026-09-12")!
            case 1, 2, 3: weekStart.addingTimeInterval(Double(pattern.next(7 * 24 * 60)) * 60)
            case 4: i == 4 ? weekStart : i == 10 ? weekEnd : Dates.parse("2026-09-22")!
            default: nil
            }
            guard let closeAt else { out.append(r); continue }
            var closed = try FigureSeed.close(desk, r, at: closeAt)
            if i == 7 { closed = try desk.move(r.id, CaseMove(to: .reopened), by: dispatcher, now: closeAt.addingTimeInterval(3600)) }
            out.append(closed)
        }
        let outside = try FigureSeed.file(desk, "M035", LonLat(108.0, 24.0), at: Dates.parse("2026-09-05")!)
        out.append(try FigureSeed.close(desk, outside, at: weekStart.addingTimeInterval(86_400)))
        return out
    }

    @Test func spotCheckDrawsReproduciblyFromCasesClosedInTheWeek() throws {
        let (_, desk) = try DemoFiles.desk()
        let seeded = try Self.seedWeek(desk)
        let inWeek = seeded.filter { $0.state == .closed && $0.closedAt! >= Self.weekStart && $0.closedAt! < Self.weekEnd }
        let byCommunity = Dictionary(grouping: inWeek.filter { $0.units[.community] != nil }) { $0.units[.community]! }
        #expect(byCommunity.values.contains { $0.count > 3 }, "some community must have more cases than the sample")
        let week = try ISOWeek(parsing: Self.week)
        #expect(week.start == Self.weekStart && week.end == Self.weekEnd)

        let figures = ReportFigures(desk: desk)
        let answer = try figures.spotCheck(week: week, seed: 20_261_116)
        #expect(answer.week == "2026-W38" && answer.from == "2026-09-14T00:00:00+08:00" && answer.to == "2026-09-21T00:00:00+08:00")
        #expect(answer.closed == inWeek.count && answer.withoutCommunity == 1)
        #expect(answer.communities.count == 20)
        for community in answer.communities {
            let candidates = byCommunity[community.code] ?? []
            #expect(community.closed == candidates.count, "\(community.code)")
            #expect(community.sample.count == min(3, candidates.count), "\(community.code)")
            #expect(Set(community.sample.map(\.id)).isSubset(of: Set(candidates.map(\.id))), "\(community.code)")
            #expect(community.sample.map(\.id) == community.sample.map(\.id).sorted())
        }
        #expect(answer.sampled == answer.communities.reduce(0) { $0 + $1.sample.count })

        // Same seed, same store: the same sample. Other seeds: other samples (not all equal).
        #expect(try figures.spotCheck(week: week, seed: 20_261_116) == answer)
        let others = try (1...6).map { try figures.spotCheck(week: week, seed: UInt64($0)).communities.map { $0.sample.map(\.id) } }
        #expect(others.contains { $0 != answer.communities.map { $0.sample.map(\.id) } })
        #expect(Set(others.map { $0.description }).count > 1)
        // One per community when asked.
        let one = try figures.spotCheck(week: week, seed: 5, perCommunity: 1)
        #expect(one.communities.allSatisfy { $0.sample.count == min(1, $0.closed) })
        // Parameters out of range are named.
        #expect(throws: QueryError.self) { _ = try figures.spotCheck(week: week, seed: 1, perCommunity: 0) }
        #expect(throws: QueryError.self) { _ = try figures.spotCheck(week: week, seed: UInt64.max) }
    }

    @Test func isoWeeksStartOnMondayInChinaTime() throws {
        #expect(try ISOWeek(parsing: "2026-W47").start == Dates.parse("2026-11-16")!)
        #expect(try ISOWeek(parsing: "2026w47").description == "2026-W47")
        #expect(try ISOWeek(parsing: "2026-W01").start == Dates.parse("2025-12-29")!)
        #expect(try ISOWeek(parsing: "2021-W01").start == Dates.parse("2021-01-04")!)
        #expect(try ISOWeek(parsing: "2020-W53").start == Dates.parse("2020-12-28")!)
        #expect(try ISOWeek(parsing: "2026-W53").year == 2026)  // 2026 starts on a Thursday: 53 weeks
        for bad in ["2021-W53", "2026-W00", "2026-47", "2026-W4", "W47", "2026-W47-1", ""] {
            #expect(throws: QueryError.self, "\(bad)") { _ = try ISOWeek(parsing: bad) }
        }
    }
}
