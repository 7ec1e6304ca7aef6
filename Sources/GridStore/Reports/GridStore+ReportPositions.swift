import Foundation
import GRDB

extension GridStore {
    /// Where and when every report filed in [`since`, `until`) was made (WGS84, as stored), by
    /// id: the lean read behind generation diffs and balance, which only relocate positions.
    public func reportPositions(since: Date, until: Date) throws -> [(id: Int64, lon: Double, lat: Double, requestedAt: Date)] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, lon, lat, requested_at FROM report INDEXED BY report_by_time
                WHERE requested_at >= ? AND requested_at < ? ORDER BY id
                """, arguments: [since.timeIntervalSince1970, until.timeIntervalSince1970])
            var out: [(id: Int64, lon: Double, lat: Double, requestedAt: Date)] = []
            while let row = try rows.next() {
                out.append((row[0], row[1], row[2], Date(timeIntervalSince1970: row[3])))
            }
            return out
        }
    }
}
