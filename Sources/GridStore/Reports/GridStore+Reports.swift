import Foundation
import GRDB
import GridDomain
import GridGeometry

/// How near and how recent an open report of the same matter must be for a new one to be
/// linked to it as a likely duplicate.
public struct DuplicateRule: Sendable, Equatable {
    public var radiusM: Double
    public var window: TimeInterval

    public init(radiusM: Double, window: TimeInterval) {
        self.radiusM = radiusM
        self.window = window
    }
}

/// A case step the store refused because the case had moved meanwhile, or does not exist.
public enum CaseStoreError: Error, Equatable {
    case notFound(Int64)
}

extension GridStore {
    /// Files reports with their first history step in one transaction (group commit: one commit
    /// for many reports), in order, each linked to the open report of the same matter it likely
    /// duplicates and to every report that used the same media; a later report of the batch sees the earlier ones when looking for duplicates. When
    /// the transaction fails, each report is tried again in a transaction of its own, so one
    /// refused report does not take the others with it. (Savepoints per report would do the same
    /// but cost two parsed statements each, on every report rather than on the rare failure.)
    public func fileReports(_ batch: [(report: Report, event: CaseEvent)], duplicates rule: DuplicateRule?) throws -> [Result<Report, any Error>] {
        do {
            return try pool.write { db in
                try batch.map { .success(try Self.insert(db, $0.report, event: $0.event, duplicates: rule)) }
            }
        } catch where batch.count > 1 {
            return batch.map { item in
                Result { try pool.write { db in try Self.insert(db, item.report, event: item.event, duplicates: rule) } }
            }
        }
    }

    private static func insert(_ db: Database, _ report: Report, event: CaseEvent, duplicates rule: DuplicateRule?) throws -> Report {
        var filed = report
        if let rule, filed.duplicateOf == nil { filed.duplicateOf = try likelyDuplicate(db, of: filed, rule: rule) }
        if let hash = filed.mediaHash {
            filed.mediaReusedBy = try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM report WHERE media_hash = ? ORDER BY id LIMIT 100"),
                                                     arguments: [hash])
        }
        filed.id = try ReportRecord(filed).insertFast(db)
        var first = event
        first.reportId = filed.id
        try CaseEventRecord(first).insertFast(db)
        return filed
    }

    /// The nearest open report of the same matter within the rule's radius and window before
    /// `report`: the one a dispatcher compares it with.
    static func likelyDuplicate(_ db: Database, of report: Report, rule: DuplicateRule) throws -> Int64? {
        let dLat = rule.radiusM / 111_320
        let dLon = rule.radiusM / (111_320 * max(cos(report.lat * .pi / 180), 0.01))
        let t = report.requestedAt.timeIntervalSince1970
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, lon, lat FROM report INDEXED BY report_by_place
            WHERE matter_code = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?
              AND requested_at >= ? AND requested_at <= ? AND state NOT IN ('closed', 'rejected')
            """), arguments: [report.matterCode, report.lat - dLat, report.lat + dLat, report.lon - dLon, report.lon + dLon,
                              t - rule.window, t])
        var best: (id: Int64, metres: Double)?
        for row in rows {
            let metres = Geodesic.wgs84.distance(LonLat(row["lon"], row["lat"]), LonLat(report.lon, report.lat))
            guard metres <= rule.radiusM else { continue }
            if best == nil || metres < best!.metres { best = (row["id"], metres) }
        }
        return best?.id
    }

    /// One report with the other reports that share its media.
    public func report(id: Int64) throws -> Report? {
        try pool.read { db in try Self.report(db, id: id) }
    }

    static func report(_ db: Database, id: Int64) throws -> Report? {
        guard let record = try ReportRecord.fetchOne(db, key: id) else { return nil }
        let reused = try record.mediaHash.map {
            try Int64.fetchAll(db, sql: "SELECT id FROM report WHERE media_hash = ? AND id <> ? ORDER BY id LIMIT 100", arguments: [$0, id])
        } ?? []
        return try record.report(mediaReusedBy: reused)
    }

    /// Reports matching `filter`, newest first, a page at a time (pages count from 1).
    public func reports(_ filter: ReportFilter, page: Int = 1, pageSize: Int = 100) throws -> [Report] {
        let (condition, arguments) = filter.sql
        return try pool.read { db in
            let records = try ReportRecord.fetchAll(db, sql: """
                SELECT * FROM report WHERE \(condition) ORDER BY requested_at DESC, id DESC LIMIT ? OFFSET ?
                """, arguments: StatementArguments(arguments.map { $0 as? any DatabaseValueConvertible } + [pageSize, (page - 1) * pageSize]))
            // Reuse links for the page in one query rather than one per report.
            let hashes = Set(records.compactMap(\.mediaHash))
            var byHash: [String: [Int64]] = [:]
            if !hashes.isEmpty {
                let rows = try Row.fetchAll(db, sql: "SELECT media_hash, id FROM report WHERE media_hash IN (\(hashes.map { _ in "?" }.joined(separator: ","))) ORDER BY id",
                                            arguments: StatementArguments(Array(hashes)))
                for row in rows { byHash[row["media_hash"], default: []].append(row["id"]) }
            }
            return try records.map { record in
                try record.report(mediaReusedBy: record.mediaHash.map { byHash[$0, default: []].filter { $0 != record.id } } ?? [])
            }
        }
    }

    /// Which of `ids` were filed by `actor` (by primary key, one query).
    public func reportIds(_ ids: Set<Int64>, filedBy actor: String) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try pool.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT id FROM report WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ","))) AND filed_by = ?",
                                   arguments: StatementArguments(ids.map { $0 as any DatabaseValueConvertible } + [actor])))
        }
    }

    public func reportCount(_ filter: ReportFilter) throws -> Int {
        let (condition, arguments) = filter.sql
        return try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report WHERE \(condition)",
                             arguments: StatementArguments(arguments.map { $0 as? any DatabaseValueConvertible })) ?? 0
        }
    }

    /// A case's history, oldest step first.
    public func history(ofReport id: Int64) throws -> [CaseEvent] {
        try pool.read { db in
            try CaseEventRecord.filter(Column("report_id") == id).order(Column("id")).fetchAll(db).map(\.event)
        }
    }

    /// Moves a case: reads it, lets `step` decide (and throw when the move is not allowed) inside
    /// the same transaction, then stores the changed report and the step. Two dispatchers moving
    /// one case at once are serialised; the second sees the first's state.
    public func moveCase(id: Int64, _ step: (Report) throws -> (Report, CaseEvent)) throws -> (Report, CaseEvent) {
        try pool.write { db in
            guard let current = try Self.report(db, id: id) else { throw CaseStoreError.notFound(id) }
            let (moved, event) = try step(current)
            try ReportRecord(moved).update(db)
            try CaseEventRecord(event).insertFast(db)
            return (moved, event)
        }
    }
}

extension GridStore {
    /// Stores reports already routed (historical reports moved from another system, or a
    /// benchmark's load) in one transaction, each with its first history step; no duplicate or
    /// media checks. Returns the ids given.
    @discardableResult
    public func importReports(_ reports: [Report], actor: String, role: String) throws -> [Int64] {
        try pool.write { db in
            var ids: [Int64] = []
            ids.reserveCapacity(reports.count)
            for report in reports {
                let id = try ReportRecord(report).insertFast(db)
                ids.append(id)
                try CaseEventRecord(CaseEvent(reportId: id, from: nil, to: report.state, actor: actor, role: role, at: report.receivedAt,
                                              note: "imported")).insertFast(db)
            }
            return ids
        }
    }
}

extension GridStore {
    /// Stores cases with their whole history in one transaction: each report as it stands after
    /// its last step, then every step in order (the first one `reported`), ids filled in. All or
    /// nothing. Like ``importReports(_:actor:role:)``, no duplicate or media checks: those compare
    /// with the cases open at filing time, which a history loaded afterwards cannot reproduce.
    @discardableResult
    public func importCases(_ cases: [(report: Report, history: [CaseEvent])]) throws -> [Report] {
        try pool.write { db in
            try cases.map { item in
                var stored = item.report
                stored.id = try ReportRecord(stored).insertFast(db)
                for var event in item.history {
                    event.reportId = stored.id
                    try CaseEventRecord(event).insertFast(db)
                }
                return stored
            }
        }
    }
}
