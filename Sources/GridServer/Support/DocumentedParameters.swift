import Foundation

/// The query parameters each operation of the OpenAPI document takes, so that a parameter no
/// operation knows is refused (400) instead of ignored: `GET /reports/figures?figuresFrom=2020-13-45`
/// answered 200, the misspelt window silently left at its default.
///
/// Read once from the served document, which the test suite holds to the router, so the list of
/// parameters has one source. Query-string security schemes an operation accepts (Open311's
/// `api_key`) count as its parameters.
struct DocumentedParameters: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        /// `{name}`, or `{name}.json`/`{y}.mvt`: any segment with that prefix and suffix.
        case parameter(prefix: String, suffix: String)
    }

    struct Operation: Sendable {
        var method: String
        var path: String
        var segments: [Segment]
        var names: Set<String>
        /// Parameters whose values are words from a list (`format`, `tier`...), numbers or true/false:
        /// an empty value is none of them.
        var enumerated: Set<String> = []

        var literalCount: Int { segments.filter { if case .literal = $0 { true } else { false } }.count }

        func matches(_ raw: [Substring]) -> Bool {
            guard raw.count == segments.count else { return false }
            for (segment, text) in zip(segments, raw) {
                switch segment {
                case .literal(let word): guard text == word else { return false }
                case .parameter(let prefix, let suffix):
                    guard text.count > prefix.count + suffix.count, text.hasPrefix(prefix), text.hasSuffix(suffix) else { return false }
                }
            }
            return true
        }
    }

    let operations: [Operation]

    init(document: [UInt8]) {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(document))) as? [String: Any],
              let paths = root["paths"] as? [String: [String: Any]] else {
            operations = []
            return
        }
        let components = root["components"] as? [String: Any]
        let shared = components?["parameters"] as? [String: [String: Any]] ?? [:]
        let schemes = components?["securitySchemes"] as? [String: [String: Any]] ?? [:]
        func resolve(_ parameter: [String: Any]) -> [String: Any] {
            guard let reference = parameter["$ref"] as? String else { return parameter }
            return shared[String(reference.split(separator: "/").last ?? "")] ?? [:]
        }
        var operations: [Operation] = []
        for (path, item) in paths {
            let common = item["parameters"] as? [[String: Any]] ?? []
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                var names = Set<String>(), enumerated = Set<String>()
                for parameter in (common + (operation["parameters"] as? [[String: Any]] ?? [])).map(resolve)
                where parameter["in"] as? String == "query" {
                    guard let name = parameter["name"] as? String else { continue }
                    names.insert(name)
                    // Words from a list, numbers and true/false: an empty value is none of them.
                    let schema = parameter["schema"] as? [String: Any]
                    if schema?["enum"] != nil || ["number", "integer", "boolean"].contains(schema?["type"] as? String ?? "") {
                        enumerated.insert(name)
                    }
                }
                for requirement in operation["security"] as? [[String: Any]] ?? [] {
                    for scheme in requirement.keys where schemes[scheme]?["in"] as? String == "query" {
                        if let name = schemes[scheme]?["name"] as? String { names.insert(name) }
                    }
                }
                operations.append(Operation(method: method.uppercased(), path: path, segments: Self.segments(path), names: names,
                                            enumerated: enumerated))
            }
        }
        self.operations = operations
    }

    static func segments(_ template: String) -> [Segment] {
        template.split(separator: "/").map { part in
            guard let open = part.firstIndex(of: "{"), let close = part.firstIndex(of: "}") else { return .literal(String(part)) }
            return .parameter(prefix: String(part[..<open]), suffix: String(part[part.index(after: close)...]))
        }
    }

    /// The documented operation a request is for: of those matching its method and path, the one
    /// with the most literal segments (`/generations/in-force` before `/generations/{name}`).
    func operation(method: String, path: String) -> Operation? {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true)
        return operations.filter { $0.method == method && $0.matches(raw) }.max { $0.literalCount < $1.literalCount }
    }

    /// The methods documented for a path, for the `Allow` header of a 405: those of the templates
    /// that fit it best (`/units/intersecting` is POST only, though `/units/{code}` would fit it too).
    func methods(path: String) -> [String] {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true)
        let fitting = operations.filter { $0.matches(raw) }
        guard let best = fitting.map(\.literalCount).max() else { return [] }
        return Set(fitting.filter { $0.literalCount == best }.map(\.method)).sorted()
    }

    /// Refuses the first parameter the request's operation does not take, and an empty value of a
    /// parameter that takes words from a list (`f=`: no default is meant by it). A request no
    /// operation matches passes: the router answers it (404, or 405).
    func check(method: String, path: String, values: [String: String]) throws(Problem) {
        guard let operation = operation(method: method, path: path) else { return }
        for name in values.keys.sorted() {
            guard operation.names.contains(name) else {
                let known = operation.names.isEmpty ? "it takes none" : "it takes \(operation.names.sorted().joined(separator: ", "))"
                throw Problem.badParameter(name, "is not a parameter of \(operation.method) \(operation.path); \(known)")
            }
            if operation.enumerated.contains(name), values[name]?.isEmpty == true {
                throw Problem.badParameter(name, "is empty; give one of its values (see /openapi.json) or leave it out")
            }
        }
    }
}
