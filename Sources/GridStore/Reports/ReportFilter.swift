import Foundation
import GridDomain

/// Which reports a list or a figure covers. Every field narrows; an empty filter is every report.
public struct ReportFilter: Sendable, Equatable {
    public var ids: [Int64]?
    public var matters: [String]?
    public var departments: [String]?
    public var states: [CaseState]?
    /// `requested_at` in `[from, to)`.
    public var from: Date?
    public var to: Date?
    /// Only reports filed by this key (what a citizen sees).
    public var filedBy: String?
    /// Only reports filed in this unit (any tier).
    public var unit: (tier: Tier, code: String)?

    public init(ids: [Int64]? = nil, matters: [String]? = nil, departments: [String]? = nil, states: [CaseState]? = nil,
                from: Date? = nil, to: Date? = nil, filedBy: String? = nil, unit: (tier: Tier, code: String)? = nil) {
        self.ids = ids
        self.matters = matters
        self.departments = departments
        self.states = states
        self.from = from
        self.to = to
        self.filedBy = filedBy
        self.unit = unit
    }

    public static func == (a: ReportFilter, b: ReportFilter) -> Bool {
        a.ids == b.ids && a.matters == b.matters && a.departments == b.departments && a.states == b.states && a.from == b.from
            && a.to == b.to && a.filedBy == b.filedBy && a.unit?.tier == b.unit?.tier && a.unit?.code == b.unit?.code
    }

    /// The SQL condition (with `?` placeholders) and its arguments, for table alias-free queries on `report`.
    public var sql: (condition: String, arguments: [any Sendable]) {
        var parts: [String] = []
        var arguments: [any Sendable] = []
        func list<T: Sendable>(_ column: String, _ values: [T]) {
            parts.append(values.isEmpty ? "0" : "\(column) IN (\(values.map { _ in "?" }.joined(separator: ",")))")
            arguments += values.map { $0 as any Sendable }
        }
        if let ids { list("id", ids) }
        if let matters { list("matter_code", matters) }
        if let departments { list("department", departments) }
        if let states { list("state", states.map(\.rawValue)) }
        if let from { parts.append("requested_at >= ?"); arguments.append(from.timeIntervalSince1970) }
        if let to { parts.append("requested_at < ?"); arguments.append(to.timeIntervalSince1970) }
        if let filedBy { parts.append("filed_by = ?"); arguments.append(filedBy) }
        if let unit { parts.append("\(ReportColumns.code(of: unit.tier)) = ?"); arguments.append(unit.code) }
        return (parts.isEmpty ? "1" : parts.joined(separator: " AND "), arguments)
    }
}

/// Column names of the report table that other modules build SQL against.
public enum ReportColumns {
    public static func code(of tier: Tier) -> String {
        switch tier {
        case .district: "district_code"
        case .subdistrict: "subdistrict_code"
        case .community: "community_code"
        case .grid: "grid_code"
        case .microArea: "micro_area_code"
        }
    }
}
