import Foundation
import GridDomain
import GridStore

/// Early warning (四级预警) over the reports of a desk: the rule, every grid's level at a
/// moment, and the recorded levels kept current, with a `level_changed` webhook message queued
/// in the same transaction as each change.
///
/// Levels are counted against the grids of the generation in force at the moment asked
/// (reports keep the grid code they were filed in, so a redraw does not move old reports).
public final class EarlyWarning: Sendable {
    public let desk: ReportDesk

    public init(desk: ReportDesk) {
        self.desk = desk
    }

    var store: GridStore { desk.store }

    // MARK: Rule

    /// The rule in force (the built-in ``WarningRule/standard`` until one is set).
    public func rule() throws -> WarningRule { try store.warningRule() }

    /// Checks `rule` (fields, then matter and department codes against the catalogue) and puts
    /// it in force. Recorded levels follow at the next ``sweep(at:)``.
    @discardableResult
    public func setRule(_ rule: WarningRule, by actor: String?, now: Date = Date()) throws -> WarningRule {
        try rule.validate(against: desk.catalogue())
        return try store.saveWarningRule(rule, by: actor, now: now)
    }

    // MARK: Levels at a moment

    /// Every grid's level at `at`, computed afresh (one GROUP BY over the window); lists the
    /// grids at `minimum` or above.
    public func board(at: Date = Date(), minimum: WarningLevel = .blue) throws -> WarningBoard {
        let rule = try rule()
        let grader = try grader(rule, at: at)
        let window = WarningWindow(rule: rule, at: at)
        let counts = try store.reportCountsByGrid(window)
        var perLevel = [Int](repeating: 0, count: WarningLevel.allCases.count)
        var listed: [GridWarning] = []
        for code in grader.grids {
            let reports = counts[code] ?? 0
            let (level, value) = grader.grade(code, reports: reports)
            perLevel[level.rawValue] += 1
            if level >= minimum {
                listed.append(GridWarning(code: code, name: grader.name(of: code) ?? code, level: level, value: value,
                                          reports: reports, rule: rule))
            }
        }
        listed.sort { a, b in
            if a.level != b.level { return a.level > b.level }
            if (a.value ?? -1) != (b.value ?? -1) { return (a.value ?? -1) > (b.value ?? -1) }
            return a.code < b.code
        }
        return WarningBoard(
            at: Dates.format(at), windowFrom: Dates.format(window.from), generation: grader.view.generationName,
            measure: rule.measure.rawValue, windowHours: rule.windowHours, matters: rule.matters, departments: rule.departments,
            thresholds: rule.thresholds,
            levels: WarningLevel.allCases.reversed().map { LevelSummary(level: $0, rule: rule, grids: perLevel[$0.rawValue]) },
            grids: listed)
    }

    // MARK: Recorded levels

    /// Recomputes one grid's level at `at` (one indexed COUNT) and records it when it changed:
    /// what follows every filed report. Returns the change, if any.
    @discardableResult
    public func refresh(grid: String, at: Date = Date()) throws -> [LevelChange] {
        try record(grids: { _ in [grid] }, at: at, forgetOthers: false)
    }

    /// Recomputes every grid of the generation in force at `at` and records the changes: levels
    /// fall as reports age out of the window, and follow a new rule. Run periodically by the
    /// server and by `gridatlas warnings sweep`.
    @discardableResult
    public func sweep(at: Date = Date()) throws -> [LevelChange] {
        try record(grids: { $0.grids }, at: at, forgetOthers: true)
    }

    /// The levels as last recorded, by grid (grids never above 0 are absent).
    public func recordedLevels() throws -> [String: GridLevelState] { try store.gridLevels() }

    private func record(grids: (WarningGrader) -> [String], at: Date, forgetOthers: Bool) throws -> [LevelChange] {
        let rule = try rule()
        let grader = try grader(rule, at: at)
        return try store.recordLevels(
            grids: grids(grader), window: WarningWindow(rule: rule, at: at), at: at, forgetOthers: forgetOthers,
            grade: { grader.grade($0, reports: $1) },
            message: { WebhookEvents.levelChanged($0, gridName: grader.name(of: $0.grid), rule: rule) })
    }

    private func grader(_ rule: WarningRule, at: Date) throws -> WarningGrader {
        let generation = try desk.atlas.generation(named: nil, at: at)
        return WarningGrader(rule: rule, view: try desk.atlas.view(for: generation))
    }
}
