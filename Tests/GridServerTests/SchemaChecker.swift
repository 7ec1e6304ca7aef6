import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Checks a value against an OpenAPI 3.0 schema: `$ref` (local), `type`, `nullable`, `enum`,
/// `required`, `properties`, `additionalProperties`, `items`, `minItems`/`maxItems`,
/// `minimum`/`maximum` (and boolean `exclusiveMinimum`/`exclusiveMaximum`), `allOf`, `anyOf`,
/// `oneOf` (exactly one). Each problem names the JSON pointer of the value at fault.
struct SchemaChecker {
    let document: SchemaJSON

    func resolve(_ reference: String) -> SchemaJSON? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: SchemaJSON? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    /// Every `$ref` in the document that points at nothing.
    func unresolvedReferences() -> [String] {
        var missing = Set<String>()
        func walk(_ node: SchemaJSON) {
            switch node {
            case .object(let members):
                if let reference = members["$ref"]?.stringValue, resolve(reference) == nil { missing.insert(reference) }
                members.values.forEach(walk)
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(document)
        return missing.sorted()
    }

    func check(_ value: SchemaJSON, against schema: SchemaJSON, at path: String = "") -> [String] {
        guard case .object(let rules) = schema else { return [] }
        var problems: [String] = []
        let place = path.isEmpty ? "(root)" : path
        if let reference = rules["$ref"]?.stringValue {
            guard let target = resolve(reference) else { return ["\(place): unresolved reference \(reference)"] }
            return check(value, against: target, at: path)
        }
        if value == .null, rules["nullable"]?.boolValue == true { return [] }
        if let type = rules["type"]?.stringValue {
            let kind = value.kind
            let fits = kind == type || (type == "number" && kind == "integer")
            if !fits { return ["\(place): expected \(type), got \(kind)"] }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(place): \(value) is not one of \(options)")
        }
        if let number = value.numberValue {
            let exclusiveMin = rules["exclusiveMinimum"]?.boolValue == true
            let exclusiveMax = rules["exclusiveMaximum"]?.boolValue == true
            if let minimum = rules["minimum"]?.numberValue, exclusiveMin ? number <= minimum : number < minimum {
                problems.append("\(place): \(number) is below the minimum \(minimum)")
            }
            if let maximum = rules["maximum"]?.numberValue, exclusiveMax ? number >= maximum : number > maximum {
                problems.append("\(place): \(number) is above the maximum \(maximum)")
            }
        }
        if case .array(let items) = value {
            if let least = rules["minItems"]?.numberValue, Double(items.count) < least {
                problems.append("\(place): \(items.count) items, fewer than \(Int(least))")
            }
            if let most = rules["maxItems"]?.numberValue, Double(items.count) > most {
                problems.append("\(place): \(items.count) items, more than \(Int(most))")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() {
                    problems += check(item, against: itemSchema, at: "\(path)/\(index)")
                }
            }
        }
        if case .object(let members) = value {
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                problems.append("\(place): required member '\(name)' is missing")
            }
            let properties = rules["properties"]?.objectValue ?? [:]
            for (name, member) in members {
                let memberPath = "\(path)/\(name)"
                if let propertySchema = properties[name] {
                    problems += check(member, against: propertySchema, at: memberPath)
                } else if let additional = rules["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(place): member '\(name)' is not allowed")
                    } else if case .object = additional {
                        problems += check(member, against: additional, at: memberPath)
                    }
                }
            }
        }
        for part in rules["allOf"]?.arrayValue ?? [] {
            problems += check(value, against: part, at: path)
        }
        if let options = rules["anyOf"]?.arrayValue, !options.contains(where: { check(value, against: $0, at: path).isEmpty }) {
            problems.append("\(place): matches none of anyOf (\(options.count) schemas)")
        }
        if let options = rules["oneOf"]?.arrayValue {
            let matching = options.filter { check(value, against: $0, at: path).isEmpty }.count
            if matching != 1 { problems.append("\(place): matches \(matching) of oneOf's \(options.count) schemas, not exactly one") }
        }
        return problems
    }

    /// The answer of `method path` with `status`, checked against the document: the status and
    /// media type must be listed, and a JSON body must fit the schema.
    func checkResponse(path: String, method: String, status: Int, contentType: String?, body: String) -> [String] {
        guard let operation = document["paths"]?[path]?[method] else { return ["\(method.uppercased()) \(path) is not documented"] }
        guard var response = operation["responses"]?["\(status)"] ?? operation["responses"]?["default"] else {
            return ["\(method.uppercased()) \(path): status \(status) is not documented"]
        }
        if let reference = response["$ref"]?.stringValue {
            guard let target = resolve(reference) else { return ["unresolved reference \(reference)"] }
            response = target
        }
        let media = (contentType ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        let base = String(media.split(separator: ";").first ?? "")
        let content = response["content"]?.objectValue ?? [:]
        let normalised = Dictionary(content.map { ($0.key.lowercased().replacingOccurrences(of: " ", with: ""), $0.value) },
                                    uniquingKeysWith: { a, _ in a })
        // A documented answer without content (204) matches an answer without a media type.
        if content.isEmpty && (contentType ?? "").isEmpty { return [] }
        guard let entry = normalised[media] ?? normalised[base]
            ?? normalised.first(where: { $0.key.split(separator: ";").first.map(String.init) == base })?.value else {
            return ["\(method.uppercased()) \(path) \(status): media type '\(contentType ?? "none")' is not among \(content.keys.sorted())"]
        }
        guard base.hasSuffix("json") else { return [] }
        guard let schema = entry["schema"] else { return [] }
        let value: SchemaJSON
        do { value = try SchemaJSON.parse(body) } catch { return ["\(method.uppercased()) \(path) \(status): body is not JSON"] }
        return check(value, against: schema)
    }
}
