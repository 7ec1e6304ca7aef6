import Foundation

/// How GridAtlas reads and writes moments.
///
/// A bare date (`2026-01-01`) is midnight in China Standard Time (UTC+08:00), the day a
/// dispatch centre means when it says a generation takes effect "on 1 January". Full ISO 8601
/// date-times carry their own offset (`2026-01-01T09:30:00+08:00`, `...Z`).
public enum Dates {
    public static let chinaOffsetSeconds = 8 * 3600

    /// Now, to the whole second: moments users give are whole seconds, and a value that survives
    /// storage unchanged keeps "in force from" comparisons exact.
    public static func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }

    /// A moment to the millisecond, as the store keeps it.
    public static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let day = dayFormatter().date(from: trimmed) { return day }
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let date = full.date(from: trimmed) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: trimmed) { return date }
        // A date-time without an offset is local China time too.
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: chinaOffsetSeconds)
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm"] {
            local.dateFormat = format
            if let date = local.date(from: trimmed) { return date }
        }
        return nil
    }

    /// ISO 8601 with the +08:00 offset: what a user in China reads.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: chinaOffsetSeconds)
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// The calendar day in China time, `yyyy-MM-dd`.
    public static func formatDay(_ date: Date) -> String { dayFormatter().string(from: date) }

    private static func dayFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: chinaOffsetSeconds)
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        return formatter
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let text: String
        public init(text: String) { self.text = text }
        public var description: String {
            "'\(text)' is not a date: use 2026-01-01 (midnight UTC+08:00) or an ISO 8601 date-time such as 2026-01-01T09:30:00+08:00"
        }
    }

    public static func require(_ text: String) throws(Invalid) -> Date {
        guard let date = parse(text) else { throw Invalid(text: text) }
        return date
    }
}
