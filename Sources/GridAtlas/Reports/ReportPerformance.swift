import Foundation
import GridDomain
import GridStore

/// How cases are being handled, per unit of a tier or per department, for the reports requested in
/// a window (a cohort: each case is counted where and when it was reported, in the state it is in now).
///
/// Formulas (each rate nil when its denominator is 0):
/// - closing rate (办结率) = closed ÷ (reports − rejected): a rejected report was never a case to close;
/// - on-time closing rate (按期办结率) = closed with `closed_at ≤ expected_at` ÷ closed;
/// - average handling time = mean of `closed_at − requested_at` over closed cases, in hours;
/// - open = neither closed nor rejected (a reopened case is open again);
/// - overdue = open with `expected_at` before `now`.
public struct ReportPerformance: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        /// The unit or department code; nil in the `total`, `unmatched` and `without_unit` rows.
        public var code: String?
        public var name: String?
        public var reports: Int
        public var rejected: Int
        public var closed: Int
        public var closedOnTime: Int
        /// 0...1.
        public var closingRate: Double?
        /// 0...1.
        public var onTimeRate: Double?
        public var avgHandlingHours: Double?
        public var open: Int
        public var overdue: Int

        enum CodingKeys: String, CodingKey {
            case code, name, reports, rejected, closed, open, overdue
            case closedOnTime = "closed_on_time"
            case closingRate = "closing_rate"
            case onTimeRate = "on_time_rate"
            case avgHandlingHours = "avg_handling_hours"
        }

        public init(_ tally: CaseTally, code: String?, name: String?) {
            self.code = code
            self.name = name
            reports = tally.reports
            rejected = tally.rejected
            closed = tally.closed
            closedOnTime = tally.closedOnTime
            let handled = tally.reports - tally.rejected
            closingRate = handled > 0 ? Double(tally.closed) / Double(handled) : nil
            onTimeRate = tally.closed > 0 ? Double(tally.closedOnTime) / Double(tally.closed) : nil
            avgHandlingHours = tally.closed > 0 ? tally.handlingSeconds / Double(tally.closed) / 3600 : nil
            open = tally.open
            overdue = tally.overdue
        }
    }

    /// `department` or a tier name.
    public var by: String
    /// The generation whose units are listed; nil when grouped by department.
    public var generation: String?
    public var from: String
    public var to: String
    /// The moment overdue is judged at.
    public var now: String
    public var total: Row
    /// Cases filed under unit codes the generation lacks (older boundaries); nil by department.
    public var unmatched: Row?
    /// Cases with no unit of the tier (outside coverage); nil by department.
    public var withoutUnit: Row?
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case by, generation, from, to, now, total, unmatched, rows
        case withoutUnit = "without_unit"
    }

    /// Per unit of `tier` in `view`: every unit listed (zeros included), in code order.
    public init(tallies: [CaseTally], view: GenerationView, tier: Tier, window: FigureWindow, now: Date) {
        var byCode: [String: CaseTally] = [:]
        var without = CaseTally(key: nil)
        for tally in tallies {
            if let code = tally.key { byCode[code] = tally } else { without = tally }
        }
        var listed = Set<String>()
        rows = view.ids(of: tier).map { id in
            let unit = view.unit(id)
            listed.insert(unit.code)
            return Row(byCode[unit.code] ?? CaseTally(key: unit.code), code: unit.code, name: unit.name)
        }
        let other = byCode.filter { !listed.contains($0.key) }.values.reduce(CaseTally(key: nil), +)
        unmatched = Row(other, code: nil, name: nil)
        withoutUnit = Row(without, code: nil, name: nil)
        by = tier.rawValue
        generation = view.generationName
        from = Dates.format(window.from)
        to = Dates.format(window.to)
        self.now = Dates.format(now)
        total = Row(tallies.reduce(CaseTally(key: nil), +), code: nil, name: nil)
    }

    /// Per department: every department of the catalogue (zeros included) in catalogue order, then
    /// any other department holding cases (one dropped from a newer catalogue), by code.
    public init(tallies: [CaseTally], catalogue: Catalogue, window: FigureWindow, now: Date) {
        var byCode: [String: CaseTally] = [:]
        for tally in tallies { if let code = tally.key { byCode[code] = tally } }
        let known = catalogue.departments.map { Row(byCode[$0.code] ?? CaseTally(key: $0.code), code: $0.code, name: $0.name) }
        let others = byCode.keys.filter { catalogue.department($0) == nil }.sorted().map { Row(byCode[$0]!, code: $0, name: nil) }
        rows = known + others
        unmatched = nil
        withoutUnit = nil
        by = "department"
        generation = nil
        from = Dates.format(window.from)
        to = Dates.format(window.to)
        self.now = Dates.format(now)
        total = Row(tallies.reduce(CaseTally(key: nil), +), code: nil, name: nil)
    }
}
