import Foundation
import GridDomain

/// An ISO 8601 week (`2026-W47`) in China time: Monday 00:00 +08:00 to the next Monday. Week 1 is
/// the week holding 4 January, so a week may start in December of the year before.
public struct ISOWeek: Sendable, Equatable, CustomStringConvertible {
    public let year: Int
    public let week: Int
    /// Monday 00:00 UTC+08:00.
    public let start: Date
    /// The next Monday 00:00 UTC+08:00 (outside the week).
    public var end: Date { start.addingTimeInterval(7 * 86_400) }

    /// Reads `2026-W47` (also `2026W47`, `2026-w47`), or ``QueryError/badParameter(name:reason:)``
    /// naming `parameter`.
    public init(parsing text: String, parameter: String = "week") throws(QueryError) {
        let reason = "'\(text)' is not an ISO week; write it as 2026-W47"
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .badParameter(name: parameter, reason: reason) }
        var yearText = parts[0]
        if yearText.hasSuffix("-") { yearText = yearText.dropLast() }
        guard yearText.count == 4, parts[1].count == 2, let year = Int(yearText), let week = Int(parts[1]),
              year >= 1970, year <= 9998 else {
            throw .badParameter(name: parameter, reason: reason)
        }
        let weeks = Self.weeks(in: year)
        guard (1...weeks).contains(week) else {
            throw .badParameter(name: parameter, reason: "\(year) has weeks 1 to \(weeks); '\(text)' is not one of them")
        }
        self.year = year
        self.week = week
        start = Self.firstMonday(of: year).addingTimeInterval(Double(week - 1) * 7 * 86_400)
    }

    public var description: String { String(format: "%04d-W%02d", year, week) }

    /// 52 or 53: the weeks from this year's week 1 to the next year's.
    static func weeks(in year: Int) -> Int {
        Int(firstMonday(of: year + 1).timeIntervalSince(firstMonday(of: year)) / (7 * 86_400))
    }

    /// Monday 00:00 (China time) of the week holding 4 January.
    static func firstMonday(of year: Int) -> Date {
        let fourth = Dates.parse(String(format: "%04d-01-04", year))!
        // Days since 1970-01-01 in China time; that day was a Thursday (Monday = 0 makes it 3).
        let day = Int((fourth.timeIntervalSince1970 + Double(Dates.chinaOffsetSeconds)) / 86_400)
        let weekday = (day + 3) % 7
        return fourth.addingTimeInterval(-Double(weekday) * 86_400)
    }
}
