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

    /// Reads `yyyy-MM-dd`, `yyyy-MM-dd HH:mm[:ss[.fff]]` and the same with `T`, each optionally
    /// followed by `Z` or `±HH:mm`; without an offset, UTC+08:00. Parsed by hand: no formatter is
    /// made per call (a roster or a CSV of reports parses hundreds of thousands of these).
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= chars.count else { return nil }
            var value = 0
            for k in i..<(i + digits) {
                guard chars[k] >= 48 && chars[k] <= 57 else { return nil }
                value = value * 10 + Int(chars[k] - 48)
            }
            i += digits
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = 0.0
        var offset = chinaOffsetSeconds
        if i < chars.count {
            guard expect(84) || expect(32), let hour = number(2), hour < 24, expect(58), let minute = number(2), minute < 60 else { return nil }
            seconds = Double(hour * 3600 + minute * 60)
            if expect(58) {
                guard let second = number(2), second < 60 else { return nil }
                seconds += Double(second)
                if expect(46) {
                    var scale = 0.1, fraction = 0.0, any = false
                    while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                        fraction += Double(chars[i] - 48) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                    seconds += fraction
                }
            }
            if expect(90) {
                offset = 0
            } else if i < chars.count {
                let sign: Int
                if expect(43) { sign = 1 } else if expect(45) { sign = -1 } else { return nil }
                guard let oh = number(2), oh <= 14 else { return nil }
                _ = expect(58)
                guard let om = number(2), om < 60 else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
            guard i == chars.count else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400) + seconds - Double(offset))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO 8601 with the +08:00 offset, to the second: what a user in China reads. Written by hand
    /// like ``parse(_:)``: every answer carries its moment, so no formatter is made per call.
    public static func format(_ date: Date) -> String {
        let (day, second) = chinaDayAndSecond(date)
        return formatDay(days: day) + "T" + pad(second / 3600) + ":" + pad(second / 60 % 60) + ":" + pad(second % 60) + "+08:00"
    }

    /// Like ``format(_:)``, with the milliseconds when the moment has any (`...T09:30:00.250+08:00`):
    /// for moments that decide an answer to the millisecond, such as when a generation takes
    /// effect, so that what is shown is the moment that is kept.
    public static func formatExact(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let fraction = ((milliseconds % 1000) + 1000) % 1000
        let whole = format(Date(timeIntervalSince1970: Double((milliseconds - fraction) / 1000)))
        guard fraction > 0 else { return whole }
        return String(whole.dropLast(6)) + "." + String(fraction + 1000).dropFirst() + whole.suffix(6)
    }

    /// The calendar day in China time, `yyyy-MM-dd`.
    public static func formatDay(_ date: Date) -> String { formatDay(days: chinaDayAndSecond(date).day) }

    /// Days since 1970-01-01 and seconds into that day, in UTC+08:00 (fractions of a second dropped).
    static func chinaDayAndSecond(_ date: Date) -> (day: Int, second: Int) {
        let local = Int((date.timeIntervalSince1970 + Double(chinaOffsetSeconds)).rounded(.down))
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return (day, local - day * 86_400)
    }

    static func formatDay(days: Int) -> String {
        let (year, month, day) = civilFromDays(days)
        return String(year) + "-" + pad(month) + "-" + pad(day)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's algorithm).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
