import Foundation
import GridDomain
import GridStore

/// Cases per calendar month (China time) with the month's closing and on-time rates and handling
/// time: the leaders' "cases per month" chart. Each month is a cohort, like every figure here: the
/// reports requested in it, in the state each is in now.
public struct MonthlyFigures: Encodable, Sendable, Equatable {
    public struct Month: Encodable, Sendable, Equatable {
        /// `yyyy-MM`.
        public var month: String
        public var from: Date
        public var to: Date
        public var figures: ReportPerformance.Row

        enum Keys: String, CodingKey { case month, from, to }

        /// Flat: `{"month": "2026-06", "from": ..., "reports": 212, "closing_rate": 0.93, ...}`.
        public func encode(to encoder: Encoder) throws {
            try figures.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(month, forKey: .month)
            try container.encode(Dates.format(from), forKey: .from)
            try container.encode(Dates.format(to), forKey: .to)
        }
    }

    public var now: Date
    public var months: [Month]

    enum Keys: String, CodingKey { case now, months }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Dates.format(now), forKey: .now)
        try container.encode(months, forKey: .months)
    }

    /// The calendar months (UTC+08:00) ending with the one holding `end`'s last moment, oldest
    /// first: `count` of them.
    public static func months(count: Int, endingAt end: Date) -> [(name: String, from: Date, to: Date)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Dates.chinaOffsetSeconds)!
        let last = calendar.dateComponents([.year, .month], from: end.addingTimeInterval(-0.001))
        guard let lastStart = calendar.date(from: last) else { return [] }
        return (0..<count).reversed().compactMap { back in
            guard let start = calendar.date(byAdding: .month, value: -back, to: lastStart),
                  let next = calendar.date(byAdding: .month, value: 1, to: start) else { return nil }
            let parts = calendar.dateComponents([.year, .month], from: start)
            let name = String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
            return (name, start, next)
        }
    }
}

extension ReportFigures {
    /// The last `count` calendar months up to `end` (the current month so far included), narrowed
    /// by the window's matter, department and status filters; overdue is judged at `now`.
    public func monthly(count: Int, endingAt end: Date, filters: FigureWindow, now: Date = Date()) throws -> MonthlyFigures {
        guard (1...60).contains(count) else {
            throw QueryError.badParameter(name: "months", reason: "\(count) is outside 1...60")
        }
        try check(filters)
        var months: [MonthlyFigures.Month] = []
        for month in MonthlyFigures.months(count: count, endingAt: end) {
            var window = filters
            window.from = month.from
            window.to = month.to
            let total = try store.caseTallies(groupedBy: .department, window.filter, now: now)
                .reduce(CaseTally(key: nil), +)
            months.append(.init(month: month.name, from: month.from, to: month.to,
                                figures: ReportPerformance.Row(total, code: nil, name: nil)))
        }
        return MonthlyFigures(now: now, months: months)
    }
}
