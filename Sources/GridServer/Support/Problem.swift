import Foundation
import Hummingbird

/// An RFC 9457 problem: what went wrong, for which parameter, as `application/problem+json`.
///
/// Every failure a handler can meet becomes one of these, so clients parse one error shape.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    /// The query parameter, path segment or body field at fault, when there is one.
    public var parameter: String?
    public var headers: HTTPFields = [:]
    /// Every item at fault when there are several (an import's rejected features, say).
    public var errors: [String] = []
    /// Further members a client can act on (e.g. `allowed`: the states a case may move to).
    public var extensions: [String: [String]] = [:]

    public init(_ status: HTTPResponse.Status, _ detail: String, parameter: String? = nil, title: String? = nil) {
        self.status = status
        self.detail = detail
        self.parameter = parameter
        self.title = title ?? status.reasonPhrase
    }

    public var description: String { "\(status.code) \(detail)" }

    public static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, "\(name): \(detail)", parameter: name)
    }

    /// The same problem telling the client when to try again (`Retry-After`, RFC 9110 §10.2.3).
    public func retrying(after seconds: Int) -> Problem {
        var copy = self
        copy.headers[.retryAfter] = String(max(1, seconds))
        return copy
    }

    public static func notFound(_ detail: String, parameter: String? = nil) -> Problem {
        Problem(.notFound, detail, parameter: parameter)
    }

    /// The RFC 9457 members as a dictionary.
    var members: [String: Any] {
        var object: [String: Any] = ["type": "about:blank", "title": title, "status": Int(status.code), "detail": detail]
        if let parameter { object["parameter"] = parameter }
        if !errors.isEmpty { object["errors"] = errors }
        for (name, values) in extensions { object[name] = values }
        return object
    }

    func response(instance: String) -> Response {
        var object = members
        object["instance"] = instance
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
