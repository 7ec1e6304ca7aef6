import Foundation
import GridDomain
import GridStore

/// Which reports a figure counts: those requested in `[from, to)`, of some matters, departments
/// and states (nil: all). Trends compare it with the period of the same length just before.
public struct FigureWindow: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var matters: [String]?
    public var departments: [String]?
    public var states: [CaseState]?

    /// The window when none is given: the last 30 days.
    public static let defaultLength: TimeInterval = 30 * 86_400

    public init(from: Date, to: Date, matters: [String]? = nil, departments: [String]? = nil, states: [CaseState]? = nil) {
        self.from = from
        self.to = to
        self.matters = matters
        self.departments = departments
        self.states = states
    }

    /// The last 30 days up to `now`.
    public static func last30Days(now: Date = Date()) -> FigureWindow {
        FigureWindow(from: now.addingTimeInterval(-defaultLength), to: now)
    }

    public var length: TimeInterval { to.timeIntervalSince(from) }

    /// The start of the previous period: as long as this one, ending where it starts.
    public var previousFrom: Date { from.addingTimeInterval(-length) }

    /// The last moment inside the window: the boundaries in force then are the ones figures use
    /// (`to` itself is outside, and a redraw taking effect exactly at `to` did not serve the window).
    public var lastMoment: Date { to.addingTimeInterval(-0.001) }

    /// The store filter for the window's reports.
    public var filter: ReportFilter {
        ReportFilter(matters: matters, departments: departments, states: states, from: from, to: to)
    }

    /// Reads the window from request parameters (or command-line options), with errors naming the
    /// parameter: `from`/`to` as dates or date-times (a bare date is midnight UTC+08:00), and
    /// comma-separated `matter`, `department` and `status` lists.
    ///
    /// Without `to` the window ends at `now`; without `from` it starts 30 days before its end.
    public static func parse(from: String?, to: String?, matter: String?, department: String?, status: String?,
                             now: Date = Date()) throws(QueryError) -> FigureWindow {
        let end = try to.map { text throws(QueryError) in try moment(text, "to") } ?? now
        let start = try from.map { text throws(QueryError) in try moment(text, "from") } ?? end.addingTimeInterval(-defaultLength)
        guard start < end else {
            throw .badParameter(name: "from", reason: "\(Dates.format(start)) is not before to (\(Dates.format(end)))")
        }
        var window = FigureWindow(from: start, to: end)
        window.matters = try matter.map { text throws(QueryError) in try list(text, "matter") }
        window.departments = try department.map { text throws(QueryError) in try list(text, "department") }
        window.states = try status.map { text throws(QueryError) in
            try list(text, "status").map { name throws(QueryError) in
                guard let state = CaseState(rawValue: name.lowercased()) else {
                    throw .badParameter(name: "status", reason: "'\(name)' is not a case state; use \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return state
            }
        }
        return window
    }

    static func moment(_ text: String, _ name: String) throws(QueryError) -> Date {
        guard let date = Dates.parse(text) else {
            throw .badParameter(name: name, reason: "'\(text)' is not a date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00+08:00)")
        }
        return date
    }

    /// `a,b, c` → `["a", "b", "c"]`; an empty list is refused rather than read as "all".
    static func list(_ text: String, _ name: String) throws(QueryError) -> [String] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw .badParameter(name: name, reason: "give one or more values separated by commas") }
        return items
    }
}
