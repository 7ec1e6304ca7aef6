import Foundation

/// Reads a JSON object body into a Decodable, with problems that name the member at fault: a
/// member the route does not know (a typo like `threshold` must not be silently ignored), a
/// missing one, or one of the wrong type.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, members: Set<String>) throws -> T {
        let dictionary = try object(data)
        if let unknown = dictionary.keys.sorted().first(where: { !members.contains($0) }) {
            throw Problem.badParameter(unknown, "is not a member of this body; members are \(members.sorted().joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw problem(error)
        }
    }

    /// The body as a JSON object, after ``StrictJSON``'s check (NaN, duplicate members, depth).
    static func object(_ data: Data, example: String = "") throws -> [String: Any] {
        guard !data.isEmpty else { throw Problem.badParameter("body", "is empty; send a JSON object\(example)") }
        try StrictJSON.check(data)
        guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
            throw Problem.badParameter("body", "is not a JSON object\(example)")
        }
        return dictionary
    }

    static func problem(_ error: DecodingError) -> Problem {
        func field(_ path: [any CodingKey]) -> String {
            path.first.map { $0.stringValue } ?? "body"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .badParameter(field(context.codingPath + [key]), "is required")
        case .typeMismatch(let type, let context):
            return .badParameter(field(context.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return .badParameter(field(context.codingPath), "expected \(describe(type)), got null")
        case .dataCorrupted(let context):
            return .badParameter(field(context.codingPath), context.debugDescription)
        @unknown default:
            return .badParameter("body", "cannot be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        case is [Double].Type: "an array of numbers"
        case is [String].Type: "an array of strings"
        default: "a value of another type"
        }
    }
}
