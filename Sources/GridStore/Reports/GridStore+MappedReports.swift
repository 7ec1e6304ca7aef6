import Foundation
import GRDB
import GridDomain

/// One report as a map draws it: where, what, in which state, and whether it ran late. No
/// description, address or contact: a point on a shared screen says no more than a dot needs.
public struct MappedReport: Sendable, Equatable {
    public var id: Int64
    public var lon: Double
    public var lat: Double
    public var matterCode: String
    public var state: CaseState
    public var department: String
    public var gridCode: String?
    public var requestedAt: Date
    public var expectedAt: Date
    public var closedAt: Date?

    /// Past its deadline: closed after it, or still open after it at `now`.
    public func isOverdue(at now: Date) -> Bool {
        if let closedAt { return closedAt > expectedAt }
        return state.isOpen && expectedAt < now
    }
}

extension GridStore {
    /// The newest `limit` reports meeting `filter`, newest first, and how many met it in all (so a
    /// map can say it shows 20,000 of 31,402 rather than silently dropping the rest).
    public func mappedReports(_ filter: ReportFilter, limit: Int) throws -> (points: [MappedReport], total: Int) {
        let (condition, arguments) = filter.sql
        return try pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM report WHERE \(condition)",
                                         arguments: Self.arguments(arguments)) ?? 0
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT id, lon, lat, matter_code, state, department, grid_code, requested_at, expected_at, closed_at
                FROM report WHERE \(condition) ORDER BY requested_at DESC, id DESC LIMIT ?
                """, arguments: Self.arguments(arguments + [limit]))
            var points: [MappedReport] = []
            while let row = try cursor.next() {
                let closed: Double? = row[9]
                points.append(MappedReport(
                    id: row[0], lon: row[1], lat: row[2], matterCode: row[3],
                    state: CaseState(rawValue: row[4]) ?? .reported, department: row[5], gridCode: row[6],
                    requestedAt: Date(timeIntervalSince1970: row[7]), expectedAt: Date(timeIntervalSince1970: row[8]),
                    closedAt: closed.map(Date.init(timeIntervalSince1970:))))
            }
            return (points, total)
        }
    }
}
