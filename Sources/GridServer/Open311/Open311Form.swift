import Foundation
import Hummingbird

/// The fields of an Open311 POST, read from the encodings clients send: the spec's
/// `application/x-www-form-urlencoded`, or a JSON object (what mini-programs post). Values are
/// kept as text, so one set of checks serves both.
struct Open311Form {
    var values: [String: String]

    /// A body limit well above any real report: Open311 carries photos by URL, not inline.
    static let maxBytes = 256 * 1024

    init(values: [String: String]) { self.values = values }

    static func read(_ request: Request) async throws -> Open311Form {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        let data = Data(buffer.readableBytesView)
        let type = (request.headers[.contentType] ?? "application/x-www-form-urlencoded").lowercased()
        var form: Open311Form
        if type.hasPrefix("application/json") {
            form = try json(data)
        } else if type.hasPrefix("application/x-www-form-urlencoded") {
            form = Open311Form(values: urlEncoded(String(decoding: data, as: UTF8.self)))
        } else {
            throw Problem(.unsupportedMediaType, "Content-Type '\(type)' is not accepted: send application/x-www-form-urlencoded (as Open311 clients do) or application/json",
                          parameter: "Content-Type")
        }
        // Query parameters count too (some clients put api_key or jurisdiction_id there).
        for (key, value) in request.uri.queryParameters where form.values[String(key)] == nil {
            form.values[String(key)] = String(value)
        }
        return form
    }

    /// `a=1&b=x+y&c=%E4%B8%AD`; a key given twice keeps its first value.
    static func urlEncoded(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static func json(_ data: Data) throws -> Open311Form {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(.badRequest, "the body is not a JSON object", parameter: "body")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = text
            case let number as NSNumber: values[key] = number.stringValue
            case is NSNull: continue
            default: throw Problem(.badRequest, "\(key): expected text or a number", parameter: key)
            }
        }
        return Open311Form(values: values)
    }

    func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func number(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        return try QueryParameters.number(text, name: name)
    }
}
