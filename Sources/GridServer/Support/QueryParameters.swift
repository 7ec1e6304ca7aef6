import Foundation
import GridDomain
import GridGeometry
import Hummingbird

/// Reads query parameters with errors that name the parameter: a malformed number, NaN or an
/// unknown CRS is the caller's mistake (400), never a crash.
///
/// The query is decoded strictly (``PercentDecoder``): bad `%` escapes, bytes that are not UTF-8,
/// control characters, overlong values and a parameter given twice are refused. ``RequestScreen``
/// does that for every request before any route runs, so a handler reads only checked text.
struct QueryParameters {
    let values: [String: String]

    init(_ request: Request) {
        // RequestScreen has refused a query this cannot read, so the fallback serves only a
        // router built without it (tests of single routes).
        self.values = (try? Self.parse(request.uri.query)) ?? Dictionary(
            request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    init(_ values: [String: String]) { self.values = values }

    /// The parameters of a raw query string (`a=1&b=%E4%B8%AD`), strictly decoded. `+` stays a
    /// plus: moments such as `at=2026-03-01T09:30:00+08:00` are sent unencoded by hand.
    static func parse(_ query: String?) throws(Problem) -> [String: String] {
        guard let query, !query.isEmpty else { return [:] }
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try PercentDecoder.decode(parts[0], parameter: "query", maxBytes: 256)
            var value = ""
            if parts.count > 1 {
                value = try PercentDecoder.decode(parts[1], parameter: name.isEmpty ? "query" : name, maxBytes: PercentDecoder.maxValueBytes)
            }
            // Which of two values a server takes differs between servers: a client's intent is unclear, so neither.
            guard values[name] == nil else {
                throw Problem.badParameter(name, "is given more than once; give it once (lists are comma-separated)")
            }
            values[name] = value
        }
        return values
    }

    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    func required(_ name: String) throws -> String {
        guard let value = string(name) else { throw Problem.badParameter(name, "is required") }
        return value
    }

    /// A finite number; "1e999", "nan" and "12abc" are refused.
    func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        return try Self.number(text, name: name)
    }

    func requiredDouble(_ name: String) throws -> Double {
        guard let value = try double(name) else { throw Problem.badParameter(name, "is required") }
        return value
    }

    /// A finite number inside `range`, or a 400 naming the parameter and the range.
    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = try double(name) else { return nil }
        guard range.contains(value) else { throw Problem.badParameter(name, "\(value) is outside \(Self.describe(range))") }
        return value
    }

    /// `0...1000` as `0 to 1000`, without a needless `.0`.
    static func describe(_ range: ClosedRange<Double>) -> String {
        func plain(_ value: Double) -> String { Int(exactly: value).map(String.init) ?? String(value) }
        return "\(plain(range.lowerBound)) to \(plain(range.upperBound))"
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw Problem.badParameter(name, "'\(text)' is not a whole number") }
        guard range.contains(value) else {
            throw Problem.badParameter(name, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Problem.badParameter(name, "'\(text)' is not true or false")
        }
    }

    /// A moment (ISO 8601, or a bare date read at midnight UTC+08:00); `now` when absent.
    func moment(_ name: String = "at") throws -> Date {
        guard let text = string(name) else { return Date() }
        guard let date = Dates.parse(text) else {
            throw Problem.badParameter(name, "'\(text)' is not a date or date-time (e.g. 2026-03-01 or 2026-03-01T09:30:00+08:00)")
        }
        return date
    }

    /// A CRS a position can be given in: the names GridAtlas knows, or an EPSG code PROJ knows as
    /// geographic or projected (not EPSG:4978, which is earth-centred).
    func crs(_ name: String = "crs", default fallback: CRS = .wgs84) throws -> CRS {
        guard let text = string(name) else { return fallback }
        let crs: CRS
        do { crs = try CRS(parsing: text) } catch { throw Problem.badParameter(name, error.description) }
        do { _ = try ProjCRSKind(crs) } catch { throw Problem.badParameter(name, error.description) }
        return crs
    }

    func tier(_ name: String = "tier") throws -> Tier? {
        guard let text = string(name) else { return nil }
        guard let tier = Tier(rawValue: text) ?? Tier.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            throw Problem.badParameter(name, "unknown tier '\(text)'; tiers are \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return tier
    }

    static func number(_ text: String, name: String) throws -> Double {
        // Foundation's trimming is slow enough to show on the locate route: only trim when needed.
        // Double(_:) reads a C string, which ends at a NUL: "109.5\0junk" would read as 109.5.
        guard !text.utf8.contains(0), let value = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw Problem.badParameter(name, "'\(text)' is not a number")
        }
        guard value.isFinite else { throw Problem.badParameter(name, "'\(text)' is not a finite number") }
        return value
    }
}
