import Foundation
import GRDB
import GridDomain

/// The reports a warning counts: requested in `(from, to]`, not rejected (不予受理 reports are
/// not real problems), and of the rule's matters and departments when it names some.
public struct WarningWindow: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var matters: [String]?
    public var departments: [String]?

    public init(from: Date, to: Date, matters: [String]? = nil, departments: [String]? = nil) {
        self.from = from
        self.to = to
        self.matters = matters
        self.departments = departments
    }

    /// The rule's window ending at `at`.
    public init(rule: WarningRule, at: Date) {
        self.init(from: at.addingTimeInterval(-rule.window), to: at, matters: rule.matters, departments: rule.departments)
    }

    /// Condition on `report` (no alias) and its arguments. The time range comes first so that
    /// SQLite can range-scan `report_by_grid` (one grid) or `report_by_time` (every grid).
    var sql: (condition: String, arguments: StatementArguments) {
        var parts = ["requested_at > ?", "requested_at <= ?", "state <> 'rejected'"]
        var arguments: [any DatabaseValueConvertible] = [from.timeIntervalSince1970, to.timeIntervalSince1970]
        if let matters {
            parts.append("matter_code IN (\(matters.map { _ in "?" }.joined(separator: ",")))")
            arguments += matters
        }
        if let departments {
            parts.append("department IN (\(departments.map { _ in "?" }.joined(separator: ",")))")
            arguments += departments
        }
        return (parts.joined(separator: " AND "), StatementArguments(arguments))
    }
}
