import Foundation
import GRDB
import GridDomain

extension GridStore {
    // MARK: Rule

    /// The rule in force: the newest one set, else ``WarningRule/standard``.
    public func warningRule() throws -> WarningRule {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM warning_rule ORDER BY id DESC LIMIT 1") else { return .standard }
            return WarningRule(measure: WarningMeasure(rawValue: row["measure"]) ?? .count, windowHours: row["window_hours"],
                               matters: try Self.codes(row["matters"]), departments: try Self.codes(row["departments"]),
                               thresholds: [row["level1"], row["level2"], row["level3"], row["level4"]],
                               updatedAt: Date(timeIntervalSince1970: row["created_at"]), updatedBy: row["created_by"])
        }
    }

    /// Stores `rule` as the one in force (checked by ``WarningRule/validate()`` first; catalogue
    /// codes are the caller's to check). Earlier rules stay as history.
    @discardableResult
    public func saveWarningRule(_ rule: WarningRule, by actor: String?, now: Date = Date()) throws -> WarningRule {
        try rule.validate()
        var saved = rule
        saved.updatedAt = Dates.milliseconds(now)
        saved.updatedBy = actor
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO warning_rule (measure, window_hours, matters, departments, level1, level2, level3, level4, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [rule.measure.rawValue, rule.windowHours, try Self.codesText(rule.matters),
                                 try Self.codesText(rule.departments), rule.thresholds[0], rule.thresholds[1], rule.thresholds[2],
                                 rule.thresholds[3], saved.updatedAt!.timeIntervalSince1970, actor])
        }
        return saved
    }

    // MARK: Counts

    /// Reports in the window per grid code, in one GROUP BY (grids without reports are absent).
    public func reportCountsByGrid(_ window: WarningWindow) throws -> [String: Int] {
        try pool.read { db in try Self.countsByGrid(db, window) }
    }

    /// Reports in the window in one grid: one COUNT over the `report_by_grid` index range.
    public func reportCount(grid: String, _ window: WarningWindow) throws -> Int {
        try pool.read { db in try Self.count(db, grid: grid, window) }
    }

    static func countsByGrid(_ db: Database, _ window: WarningWindow) throws -> [String: Int] {
        let (condition, arguments) = window.sql
        let rows = try Row.fetchCursor(db, sql: """
            SELECT grid_code, COUNT(*) AS n FROM report WHERE \(condition) AND grid_code IS NOT NULL GROUP BY grid_code
            """, arguments: arguments)
        var counts: [String: Int] = [:]
        while let row = try rows.next() { counts[row["grid_code"]] = row["n"] }
        return counts
    }

    static func count(_ db: Database, grid: String, _ window: WarningWindow) throws -> Int {
        let (condition, arguments) = window.sql
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report WHERE grid_code = ? AND \(condition)",
                                arguments: [grid] + arguments) ?? 0
    }

    // MARK: Levels

    /// Every grid's last recorded level (grids never above 0 have no row).
    public func gridLevels() throws -> [String: GridLevelState] {
        try pool.read { db in
            var levels: [String: GridLevelState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM grid_level") {
                let state = Self.levelState(row)
                levels[state.grid] = state
            }
            return levels
        }
    }

    /// Counts the window's reports for `grids`, grades each, and records the grids whose level
    /// changed, with a webhook message for each change, all in one write transaction: counting
    /// inside it means two recomputations (a sweep and a filed report, or two processes) are
    /// serialised and never record a level from stale counts.
    ///
    /// - Parameters:
    ///   - grids: the grids to recompute; one grid is one indexed COUNT, more is one GROUP BY.
    ///   - forgetOthers: drop the rows of grids not in `grids` (codes retired by a redraw), silently.
    ///   - grade: the level and value of a grid from its report count.
    ///   - message: what to tell webhooks about a change (nil: nothing).
    /// - Returns: the changes, in the order of `grids`.
    public func recordLevels(grids: [String], window: WarningWindow, at: Date, forgetOthers: Bool = false,
                             grade: (_ grid: String, _ reports: Int) -> (level: WarningLevel, value: Double?),
                             message: (LevelChange) -> WebhookMessage?) throws -> [LevelChange] {
        // One grid after a filed report: read first, and take the write lock only when the level
        // moved. Most reports move nothing, and intake shares the single writer.
        if grids.count == 1 && !forgetOthers {
            let unchanged = try pool.read { db -> Bool in
                let reports = try Self.count(db, grid: grids[0], window)
                let stored = try Int.fetchOne(db, sql: "SELECT level FROM grid_level WHERE grid_code = ?", arguments: [grids[0]])
                    .flatMap(WarningLevel.init(rawValue:)) ?? WarningLevel.none
                return grade(grids[0], reports).level == stored
            }
            if unchanged { return [] }
        }
        return try pool.write { db in
            let counts: [String: Int]
            var stored: [String: WarningLevel] = [:]
            if grids.count == 1 {
                counts = [grids[0]: try Self.count(db, grid: grids[0], window)]
                if let level = try Int.fetchOne(db, sql: "SELECT level FROM grid_level WHERE grid_code = ?", arguments: [grids[0]]) {
                    stored[grids[0]] = WarningLevel(rawValue: level)
                }
            } else {
                counts = try Self.countsByGrid(db, window)
                for row in try Row.fetchAll(db, sql: "SELECT grid_code, level FROM grid_level") {
                    stored[row["grid_code"]] = WarningLevel(rawValue: row["level"])
                }
            }
            var changes: [LevelChange] = []
            for grid in grids {
                let reports = counts[grid] ?? 0
                let (level, value) = grade(grid, reports)
                let from = stored[grid] ?? WarningLevel.none
                guard level != from else { continue }
                try db.execute(sql: """
                    INSERT INTO grid_level (grid_code, level, value, reports, changed_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(grid_code) DO UPDATE SET level = excluded.level, value = excluded.value,
                      reports = excluded.reports, changed_at = excluded.changed_at
                    """, arguments: [grid, level.rawValue, value, reports, at.timeIntervalSince1970])
                changes.append(LevelChange(grid: grid, from: from, to: level, value: value, reports: reports, at: at))
            }
            if forgetOthers {
                let kept = Set(grids)
                for grid in stored.keys where !kept.contains(grid) {
                    try db.execute(sql: "DELETE FROM grid_level WHERE grid_code = ?", arguments: [grid])
                }
            }
            for change in changes {
                if let message = message(change) { try Self.enqueue(db, message) }
            }
            return changes
        }
    }

    static func levelState(_ row: Row) -> GridLevelState {
        GridLevelState(grid: row["grid_code"], level: WarningLevel(rawValue: row["level"]) ?? .none, value: row["value"],
                       reports: row["reports"], changedAt: Date(timeIntervalSince1970: row["changed_at"]))
    }

    // MARK: Code lists as JSON text

    static func codes(_ text: String?) throws -> [String]? {
        guard let text else { return nil }
        guard let codes = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
            throw StoreError.corrupt("a code list is not a JSON array of strings: \(text.prefix(100))")
        }
        return codes
    }

    static func codesText(_ codes: [String]?) throws -> String? {
        guard let codes else { return nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: codes), as: UTF8.self)
    }
}
