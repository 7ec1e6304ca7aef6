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
            // Bytes outside %-escapes must be UTF-8 too: decoding them leniently would turn them into U+FFFD.
            guard let text = String(validating: data, as: UTF8.self) else {
                throw Problem.badParameter("body", "is not valid UTF-8")
            }
            form = Open311Form(values: try urlEncoded(text))
        } else {
            throw Problem(.unsupportedMediaType, "Content-Type '\(type)' is not accepted: send application/x-www-form-urlencoded (as Open311 clients do) or application/json",
                          parameter: "Content-Type")
        }
        // Query parameters count too (some clients put api_key or jurisdiction_id there), but a
        // field in both places is as ambiguous as one given twice in the form.
        for (key, value) in try QueryParameters.parse(request.uri.query) {
            guard form.values[key] == nil else {
                throw Problem.badParameter(key, "is given both in the query and in the body; give it once")
            }
            form.values[key] = value
        }
        return form
    }

    /// `a=1&b=x+y&c=%E4%B8%AD`, strictly decoded (``PercentDecoder``; line breaks allowed, for a
    /// description). A field given twice is refused: which of the two a server keeps differs
    /// between servers, so a report could say other than its sender meant.
    static func urlEncoded(_ text: String) throws(Problem) -> [String: String] {
        var values: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try PercentDecoder.decode(parts[0], parameter: "body", maxBytes: 256, plusIsSpace: true)
            var value = ""
            if parts.count > 1 {
                value = try PercentDecoder.decode(parts[1], parameter: key, maxBytes: maxBytes, plusIsSpace: true, allowsLineBreaks: true)
            }
            guard values[key] == nil else { throw Problem.badParameter(key, "is given more than once in the form; give it once") }
            values[key] = value
        }
        return values
    }

    private static func json(_ data: Data) throws -> Open311Form {
        let object = try JSONBody.object(data)
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
