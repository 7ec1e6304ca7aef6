import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import GridSynth
import Testing

/// The demo history (`SyntheticReports`) planned over the committed demo district and filed
/// through the desk: deterministic, inside the grids, legal case lives with plausible figures,
/// and a last week that lights every warning level.
@Suite struct SimulatedHistoryTests {
    static let end = Dates.parse("2026-11-24T10:00:00+08:00")!

    /// The demo store with the catalogue, its grids and matters, and a plan of `count` reports.
    static func planned(seed: UInt64 = 20_261_124, count: Int = 1500, days: Int = 180) throws
        -> (Scratch, ReportDesk, SyntheticReports, [String: Matter]) {
        let (scratch, desk) = try DemoFiles.desk()
        let generation = try desk.atlas.generation(named: nil, at: end)
        var config = SyntheticReports.Config(end: end)
        config.seed = seed
        config.count = count
        config.days = days
        let matters = try desk.catalogue().matters
        let plan = SyntheticReports(config, grids: try desk.store.units(inGeneration: generation.id), matters: matters)
        return (scratch, desk, plan, Dictionary(uniqueKeysWithValues: matters.map { ($0.code, $0) }))
    }

    /// The plan as the desk takes it (what `gridatlas reports simulate` does).
    static func pastCases(_ plan: SyntheticReports) -> [PastCase] {
        plan.reports.map { planned in
            var draft = ReportDraft(matterCode: planned.matter, description: "模拟", position: planned.position)
            draft.requestedAt = planned.requestedAt
            draft.source = planned.source
            return PastCase(draft: draft, receivedAt: planned.receivedAt,
                            moves: planned.steps.map { .init(CaseMove(to: $0.to, note: $0.note, department: $0.department), at: $0.at) })
        }
    }

    @Test func theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() throws {
        let (_, _, first, _) = try Self.planned()
        let (_, _, again, _) = try Self.planned()
        let (_, _, other, _) = try Self.planned(seed: 7)
        #expect(first.reports.count == 1500)
        #expect(first.reports == again.reports)
        #expect(first.surges == again.surges && first.hotSpots == again.hotSpots)
        #expect(first.reports != other.reports)
        #expect(first.reports.map(\.position) != other.reports.map(\.position))
    }

    @Test func everyPositionLiesInItsGridAsTheLocatorSees() throws {
        let (_, desk, plan, _) = try Self.planned()
        let locator = try desk.atlas.locator(for: try desk.atlas.generation(named: nil, at: Self.end))
        var outside = 0
        for report in plan.reports {
            let location = locator.locate(report.position)
            if let grid = report.grid {
                #expect(location.grid >= 0 && locator.units[Int(location.grid)].code == grid, "\(report.position) is not in \(grid)")
            } else {
                outside += 1
                #expect(location.status == .outside, "\(report.position) was planned outside the district")
            }
        }
        // About 1 %: a realistic few, not a share that would skew the figures.
        #expect((5...30).contains(outside))
    }

    @Test func everyCaseMovesForwardInTimeByLegalSteps() throws {
        let (_, _, plan, _) = try Self.planned()
        let start = Self.end.addingTimeInterval(-180 * 86400)
        for report in plan.reports {
            #expect(report.requestedAt >= start && report.requestedAt <= Self.end)
            #expect(report.receivedAt >= report.requestedAt && report.receivedAt <= Self.end)
            var state = CaseState.reported
            var time = report.receivedAt
            for step in report.steps {
                #expect(state.allows(step.to), "\(state) → \(step.to) in a case requested at \(report.requestedAt)")
                #expect(step.at > time && step.at <= Self.end)
                state = step.to
                time = step.at
            }
        }
        #expect(zip(plan.reports, plan.reports.dropFirst()).allSatisfy { $0.requestedAt <= $1.requestedAt })
    }

    /// Shares computed here from the plan's own steps and the catalogue's deadlines.
    @Test func closingOverdueRejectedAndReopenedSharesArePlausible() throws {
        let (_, _, plan, matters) = try Self.planned()
        let rejected = plan.reports.filter { $0.finalState == .rejected }
        let cases = plan.reports.filter { $0.finalState != .rejected }
        let closed = cases.filter { $0.finalState == .closed }
        let overdue = cases.filter { report in
            let due = report.requestedAt.addingTimeInterval(Double(matters[report.matter]!.deadlineHours) * 3600)
            if report.finalState == .closed { return report.steps.last!.at > due }
            return due < Self.end
        }
        let reopened = plan.reports.filter { $0.steps.contains { $0.to == .reopened } }
        let share = { (part: Int, whole: Int) in Double(part) / Double(whole) }
        #expect((0.02...0.07).contains(share(rejected.count, plan.reports.count)), "rejected \(rejected.count)")
        #expect((0.85...0.99).contains(share(closed.count, cases.count)), "closed \(closed.count) of \(cases.count)")
        #expect((0.08...0.25).contains(share(overdue.count, cases.count)), "overdue \(overdue.count) of \(cases.count)")
        #expect((0.01...0.06).contains(share(reopened.count, plan.reports.count)), "reopened \(reopened.count)")
        #expect(reopened.contains { $0.finalState == .closed }, "reopened cases are closed again")

        // The last three days: cases still open, at different stages.
        let recent = plan.reports.filter { $0.requestedAt > Self.end.addingTimeInterval(-3 * 86400) }
        let openStates = Set(recent.map(\.finalState).filter(\.isOpen))
        #expect(openStates.count >= 3, "open states of the last days: \(openStates)")
    }

    @Test func hotSpotsAndMonthsAreNotFlat() throws {
        let (_, _, plan, _) = try Self.planned()
        var perGrid: [String: Int] = [:]
        for report in plan.reports { if let grid = report.grid { perGrid[grid, default: 0] += 1 } }
        let counts = perGrid.values.sorted()
        let median = counts[counts.count / 2]
        for hot in plan.hotSpots { #expect(perGrid[hot, default: 0] >= 3 * median, "hot spot \(hot): \(perGrid[hot, default: 0])") }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        var perMonth: [Int: Int] = [:]
        for report in plan.reports {
            let parts = calendar.dateComponents([.year, .month], from: report.requestedAt)
            perMonth[parts.year! * 12 + parts.month!, default: 0] += 1
        }
        // Whole months only (the span starts and ends mid-month).
        let whole = perMonth.keys.sorted().dropFirst().dropLast().map { perMonth[$0]! }
        #expect(whole.count >= 4)
        #expect(Double(whole.max()!) >= 1.3 * Double(whole.min()!), "per month: \(whole)")
    }

    @Test func filedThroughTheDeskTheLastWeekShowsEveryWarningLevel() throws {
        let (_, desk, plan, _) = try Self.planned()
        let filed = try desk.fileHistory(Self.pastCases(plan), by: CaseActor(id: "simulate", role: .dispatcher))
        #expect(try desk.store.reportCount(ReportFilter()) == plan.reports.count)
        for (report, planned) in zip(filed, plan.reports) {
            #expect(report.gridCode == planned.grid && report.state == planned.finalState)
            #expect(report.manualDispatch == (planned.grid == nil))
        }
        let sample = filed[filed.count / 2]
        let history = try desk.store.history(ofReport: sample.id)
        #expect(history.map(\.to) == [.reported] + plan.reports[filed.count / 2].steps.map(\.to))

        let board = try EarlyWarning(desk: desk).board(at: Self.end)
        let perLevel = Dictionary(uniqueKeysWithValues: board.levels.map { ($0.level, $0.grids) })
        for level in 1...4 { #expect(perLevel[level, default: 0] >= 1, "no grid at level \(level): \(perLevel)") }
        for surge in plan.surges {
            let grid = board.grids.first { $0.code == surge.grid }
            #expect(grid?.level == surge.level, "\(surge.grid) aimed at level \(surge.level)")
        }
    }

    @Test func aRefusedStepLeavesTheStoreAsItWas() throws {
        let (_, desk, plan, _) = try Self.planned(count: 50, days: 30)
        var cases = Self.pastCases(plan)
        // Case 40 jumps from reported straight to closed.
        cases[39].moves = [.init(CaseMove(to: .closed), at: cases[39].receivedAt.addingTimeInterval(60))]
        #expect {
            try desk.fileHistory(cases, by: CaseActor(id: "simulate", role: .dispatcher))
        } throws: { error in
            "\(error)".hasPrefix("case 40:") && "\(error)".contains("cannot move to closed")
        }
        #expect(try desk.store.reportCount(ReportFilter()) == 0)
    }
}
