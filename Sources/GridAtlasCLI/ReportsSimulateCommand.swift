import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore
import GridSynth

extension ReportsCommand {
    /// `gridatlas reports simulate`: a demo history, so the map console and the figures have
    /// months of cases to show. The plan comes from ``SyntheticReports`` (deterministic); every
    /// report is routed by the desk and every step checked by the desk's case rule, then the
    /// whole history is stored in one transaction.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a deterministic demo history of reports, each moved through its case life with backdated times.",
            discussion: """
                Reports fall inside the grids of the generation in force at --now (about 1 % just outside the district, \
                filed for manual dispatch), over --days days, more in a few hot-spot grids and in summer; most cases are \
                closed within their matter's deadline, about 15 % late, 4 % rejected, 3 % reopened; the last days' cases \
                are still open. In the last 7 days a few grids gather enough reports to stand at every warning level. \
                The same --seed and --now give the same history. Refused when the store already holds reports, unless \
                --append. Needs a catalogue (gridatlas catalogue import) and boundaries in force over the whole span.
                """
        )

        @OptionGroup var storeOptions: StoreOptions
        @Option(parsing: .unconditional, help: "How many reports to file (1 to 200000).") var count = 1500
        @Option(parsing: .unconditional, help: "Days of history, ending at --now (1 to 3660).") var days = 180
        @Option(parsing: .unconditional, help: "Seed of the history: the same seed and --now give the same reports.")
        var seed: UInt64 = 20_261_124
        @Option(parsing: .unconditional, help: ArgumentHelp("When the history ends (ISO 8601 date or date-time); default now.",
                                                            valueName: "date-time"))
        var now: String?
        @Flag(help: "Add to the reports the store already holds.") var append = false

        /// The actor recorded on every simulated report and step, so the demo history can be told apart.
        static let actor = CaseActor(id: "simulate", role: .dispatcher)

        func validate() throws {
            guard (1...200_000).contains(count) else { throw ValidationError("--count must be a whole number from 1 to 200000, got \(count)") }
            guard (1...3660).contains(days) else { throw ValidationError("--days must be a whole number from 1 to 3660, got \(days)") }
            if let now {
                guard let end = Dates.parse(now) else {
                    throw ValidationError("--now: '\(now)' is not a date or date-time (e.g. 2026-11-24 or 2026-11-24T10:00:00+08:00)")
                }
                guard end <= Date().addingTimeInterval(300) else {
                    throw ValidationError("--now: \(Dates.format(end)) is in the future; a history ends now or earlier")
                }
            }
        }

        func run() throws {
            try failing {
                let started = Date()
                let end = Dates.milliseconds(now.flatMap(Dates.parse) ?? Date())
                let desk = try ReportsCommand.desk(storeOptions)
                let catalogue = try desk.catalogue()
                guard !catalogue.matters.isEmpty else {
                    throw ValidationError("no catalogue in this store: run `gridatlas catalogue import` first (departments and matters)")
                }
                let generation = try desk.atlas.generation(named: nil, at: end)
                let start = end.addingTimeInterval(-Double(days) * 86400)
                try Self.requireBoundaries(from: start, to: end, in: desk.atlas)
                let existing = try desk.store.reportCount(ReportFilter())
                if existing > 0 && !append {
                    throw ValidationError("the store already holds \(existing) reports; nothing was filed (add --append to file a simulated history beside them)")
                }

                let warning = EarlyWarning(desk: desk)
                var config = SyntheticReports.Config(end: end)
                config.count = count
                config.days = days
                config.seed = seed
                let rule = try warning.rule()
                if rule.measure == .count && rule.matters == nil && rule.departments == nil {
                    config.warningThresholds = rule.thresholds.map { Int($0.rounded(.up)) }
                    config.warningWindowHours = rule.windowHours
                }
                let grids = try desk.store.units(inGeneration: generation.id)
                let plan = SyntheticReports(config, grids: grids, matters: catalogue.matters)
                let cases = plan.reports.map { planned in
                    var draft = ReportDraft(matterCode: planned.matter, description: catalogue.matter(planned.matter)?.name ?? "",
                                            position: planned.position)
                    draft.requestedAt = planned.requestedAt
                    draft.source = planned.source
                    return PastCase(draft: draft, receivedAt: planned.receivedAt, moves: planned.steps.map {
                        PastCase.TimedMove(CaseMove(to: $0.to, note: $0.note, department: $0.department), at: $0.at)
                    })
                }
                let filed = try desk.fileHistory(cases, by: Self.actor)
                let board = try warning.board(at: end)
                let reopened = plan.reports.filter { $0.steps.contains { $0.to == .reopened } }.count
                print(Self.summary(filed, reopened: reopened, board: board, start: start, end: end, seed: seed,
                                   seconds: Date().timeIntervalSince(started)))
            }
        }

        /// Every report of the span must find boundaries in force at its moment; say so up front
        /// rather than as the first refused case.
        static func requireBoundaries(from start: Date, to end: Date, in atlas: Atlas) throws {
            do {
                _ = try atlas.generation(named: nil, at: start)
            } catch AtlasError.noGenerationInForce {
                let first = try atlas.generations().compactMap(\.effectiveFrom).min()
                let fitting = first.map { Int(end.timeIntervalSince($0) / 86400) } ?? 0
                throw ValidationError("--days reaches back to \(Dates.format(start)), before the first boundaries in force"
                                      + (first.map { " (\(Dates.format($0)))" } ?? "")
                                      + (fitting >= 1 ? ": use --days \(fitting) or fewer" : ""))
            }
        }

        static func summary(_ filed: [Report], reopened: Int, board: WarningBoard, start: Date, end: Date, seed: UInt64,
                            seconds: Double) -> String {
            let closed = filed.filter { $0.state == .closed }
            let late = closed.filter { $0.closedOnTime == false }.count
            let open = filed.filter(\.state.isOpen)
            let pastDeadline = open.filter { $0.expectedAt < end }.count
            let rejected = filed.count - closed.count - open.count
            let cases = filed.count - rejected
            let openStates = CaseState.allCases.filter(\.isOpen).compactMap { state -> String? in
                let n = open.filter { $0.state == state }.count
                return n > 0 ? "\(state) \(n)" : nil
            }
            func row(_ label: String, _ n: Int, _ detail: String) -> String {
                "  " + label.padding(toLength: 9, withPad: " ", startingAt: 0) + String(n).leftPadded(6) + "  " + detail
            }
            let overdue = late + pastDeadline
            let share = cases > 0 ? String(format: "%.1f %%", Double(overdue) * 100 / Double(cases)) : "-"
            var lines = [
                "filed \(filed.count) simulated reports from \(Dates.formatDay(start)) to \(Dates.format(end)) "
                    + "(seed \(seed)) in \(String(format: "%.1f", seconds)) s",
                row("closed", closed.count, "on time \(closed.count - late), late \(late)"),
                row("open", open.count, (openStates.isEmpty ? "none" : openStates.joined(separator: ", ")) + "; \(pastDeadline) past the deadline"),
                row("rejected", rejected, "不予受理"),
                row("overdue", overdue, "closed late or open past the deadline: \(share) of \(cases) cases"),
                row("reopened", reopened, "reopened after closing (citizens' feedback)"),
                row("outside", filed.filter(\.manualDispatch).count, "outside every grid, for manual dispatch"),
                "warning levels at \(board.at) (\(board.measure) over \(WarningsCommand.number(board.windowHours)) h, from "
                    + board.thresholds.map(WarningsCommand.number).joined(separator: "/") + "): "
                    + board.levels.map { "\($0.colour) \($0.grids)" }.joined(separator: ", "),
            ]
            for grid in board.grids {
                lines.append("  \(grid.colour.padding(toLength: 7, withPad: " ", startingAt: 0)) \(grid.code)  \(grid.name)  \(grid.reports) reports")
            }
            return lines.joined(separator: "\n")
        }
    }
}
