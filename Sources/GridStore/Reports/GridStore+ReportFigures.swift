import Foundation
import GRDB
import GridDomain

/// The SQL behind report density and performance figures: each figure is one aggregate query that
/// SQLite answers from an index, so Swift only sums a row per unit, never a row per report.
extension GridStore {
    /// Reports per code of `tier` requested in `[from, to)` (current) and in `[previousFrom, from)`
    /// (previous), narrowed by `filter` (whose own `from` and `to` are replaced by these bounds).
    ///
    /// Both periods come from one pass over `[previousFrom, to)`: `SUM(requested_at >= from)` is the
    /// current count, the rest the previous one.
    public func reportCounts(by tier: Tier, from: Date, to: Date, previousFrom: Date,
                             narrowedBy filter: ReportFilter = ReportFilter()) throws -> ReportCounts {
        var span = filter
        span.from = previousFrom
        span.to = to
        let (condition, arguments) = span.sql
        let column = ReportColumns.code(of: tier)
        let split = from.timeIntervalSince1970
        return try pool.read { db in
            // Counting by grid over time alone is the figure dashboards ask for most (and the one
            // with a speed target): pick the plan for it explicitly.
            var index = ""
            if tier == .grid && Self.onlyTime(filter),
               try Self.windowHoldsMuch(db, from: previousFrom.timeIntervalSince1970, to: to.timeIntervalSince1970) {
                index = "INDEXED BY report_by_grid"
            }
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT \(column), SUM(requested_at >= ?), COUNT(*) FROM report \(index)
                WHERE \(condition) GROUP BY \(column)
                """, arguments: Self.arguments([split] + arguments))
            var counts = ReportCounts()
            while let row = try cursor.next() {
                let current: Int = row[1]
                let count = PeriodCount(current: current, previous: row[2] - current)
                if let code: String = row[0] { counts.byCode[code] = count } else { counts.withoutCode = count }
            }
            return counts
        }
    }

    /// Whether `filter` only bounds `requested_at` (so the time and grid indexes answer alone).
    static func onlyTime(_ filter: ReportFilter) -> Bool {
        var rest = filter
        rest.from = nil
        rest.to = nil
        return rest.sql.condition == "1"
    }

    /// Whether more than an eighth of all reports fall in `[from, to)`.
    ///
    /// Why it matters: `report_by_time (requested_at, grid_code)` finds a window's reports directly,
    /// but SQLite then sorts them by grid (a temporary B-tree, ~0.7 µs a report here); reading
    /// `report_by_grid (grid_code, requested_at)` whole is already grouped and costs ~0.17 µs a
    /// report of the table. With reports spread over months the window is a small part and the time
    /// index wins (1 M reports over a year: ~110 ms for 30 days and the 30 before); when most
    /// reports are recent, sorting them costs more than the whole grid index (~175 ms for 1 M).
    /// The probe stops counting at an eighth of the table, so it never costs more than that part.
    static func windowHoldsMuch(_ db: Database, from: Double, to: Double) throws -> Bool {
        // Report ids are never reused or deleted (AUTOINCREMENT, no deletes): the largest is the count.
        guard let total = try Int.fetchOne(db, sql: "SELECT MAX(id) FROM report"), total >= 10_000 else { return false }
        let limit = total / 8
        let seen = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (SELECT 1 FROM report INDEXED BY report_by_time WHERE requested_at >= ? AND requested_at < ? LIMIT ?)
            """, arguments: [from, to, limit]) ?? 0
        return seen >= limit
    }

    /// Reports per responsible worker, with how many are still open; reports with no worker
    /// (manual dispatch) come as one row with a nil id.
    public func workerCounts(_ filter: ReportFilter) throws -> [WorkerCount] {
        let (condition, arguments) = filter.sql
        return try pool.read { db in
            // SQLite gives bare columns of a MAX() aggregate from the row holding the maximum: the
            // name is the one on the worker's newest report (a renamed worker shows the new name).
            try Row.fetchAll(db, sql: """
                SELECT worker_id, worker_name, MAX(requested_at), COUNT(*), SUM(state IN (\(Self.openStates)))
                FROM report WHERE \(condition) GROUP BY worker_id
                """, arguments: Self.arguments(arguments)).map {
                WorkerCount(workerId: $0[0], name: $0[1], reports: $0[3], open: $0[4])
            }
        }
    }

    /// Each matching report's WGS84 position, in id order.
    public func reportPositions(_ filter: ReportFilter) throws -> [ReportPosition] {
        let (condition, arguments) = filter.sql
        return try pool.read { db in
            var out: [ReportPosition] = []
            let cursor = try Row.fetchCursor(db, sql: "SELECT id, lon, lat FROM report WHERE \(condition) ORDER BY id",
                                             arguments: Self.arguments(arguments))
            while let row = try cursor.next() { out.append(ReportPosition(id: row[0], lon: row[1], lat: row[2])) }
            return out
        }
    }

    /// The sums behind closing rates, grouped by `column` (a unit code column or `department`).
    /// `now` decides which open cases are overdue.
    public func caseTallies(groupedBy column: CaseTallyKey, _ filter: ReportFilter, now: Date) throws -> [CaseTally] {
        let (condition, arguments) = filter.sql
        let key = column.column
        return try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(key), COUNT(*), SUM(state = 'rejected'), SUM(state = 'closed'),
                       SUM(state = 'closed' AND closed_at <= expected_at),
                       TOTAL(CASE WHEN state = 'closed' THEN closed_at - requested_at END),
                       SUM(state IN (\(Self.openStates))), SUM(state IN (\(Self.openStates)) AND expected_at < ?)
                FROM report WHERE \(condition) GROUP BY \(key)
                """, arguments: Self.arguments([now.timeIntervalSince1970] + arguments)).map { row in
                var tally = CaseTally(key: row[0])
                tally.reports = row[1]
                tally.rejected = row[2]
                tally.closed = row[3]
                tally.closedOnTime = row[4]
                tally.handlingSeconds = row[5]
                tally.open = row[6]
                tally.overdue = row[7]
                return tally
            }
        }
    }

    /// Cases closed (and still closed) with `closed_at` in `[from, to)`, in id order: what a spot
    /// check draws from. No index covers `closed_at`; a weekly question reads the table once.
    public func casesClosed(from: Date, to: Date) throws -> [ClosedCase] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, community_code, grid_code, matter_code, department, worker_id, worker_name,
                       requested_at, expected_at, closed_at
                FROM report WHERE state = 'closed' AND closed_at >= ? AND closed_at < ? ORDER BY id
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]).map { row in
                ClosedCase(id: row[0], communityCode: row[1], gridCode: row[2], matterCode: row[3], department: row[4],
                           workerId: row[5], workerName: row[6], requestedAt: Date(timeIntervalSince1970: row[7]),
                           expectedAt: Date(timeIntervalSince1970: row[8]), closedAt: Date(timeIntervalSince1970: row[9]))
            }
        }
    }

    /// Whether any report was filed under this matter: a code gone from the catalogue still names
    /// old reports, so figures accept it.
    public func reportsExist(matter: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report WHERE matter_code = ?)", arguments: [matter]) ?? false
        }
    }

    /// Whether any report is with this department (one renamed in a newer catalogue still holds old cases).
    public func reportsExist(department: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM report WHERE department = ?)", arguments: [department]) ?? false
        }
    }

    /// The states counted as open, as an SQL list (one definition: ``CaseState/isOpen``).
    static let openStates = CaseState.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ",")

    static func arguments(_ values: [any Sendable]) -> StatementArguments {
        StatementArguments(values.map { $0 as? any DatabaseValueConvertible })
    }
}
