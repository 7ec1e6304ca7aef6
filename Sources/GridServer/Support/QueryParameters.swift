import Foundation
import GridDomain
import GridGeometry
import Hummingbird

/// Reads query parameters with errors that name the parameter: a malformed number, NaN or an
/// unknown CRS is the caller's mistake (400), never a crash.
struct QueryParameters {
    let values: [String: String]

    init(_ request: Request) {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        self.values = values
    }

    init(_ values: [String: String]) { self.values = values }

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

    func crs(_ name: String = "crs", default fallback: CRS = .wgs84) throws -> CRS {
        guard let text = string(name) else { return fallback }
        do { return try CRS(parsing: text) } catch { throw Problem.badParameter(name, error.description) }
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
        guard let value = Double(text) ?? Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw Problem.badParameter(name, "'\(text)' is not a number")
        }
        guard value.isFinite else { throw Problem.badParameter(name, "'\(text)' is not a finite number") }
        return value
    }
}
