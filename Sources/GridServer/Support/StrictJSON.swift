import Foundation
import GridImport

/// The one check every JSON request body passes before it is decoded: the strict grammar of
/// RFC 8259 (so `NaN`, `Infinity` and trailing garbage are refused), UTF-8 only, numbers inside a
/// Double's range, no member given twice in one object, and nesting no deeper than ``maxDepth``.
///
/// Foundation's decoders keep one of two duplicate members without a word and read `1e999` as
/// they please; a body that two readers could understand differently is refused instead, with a
/// 400 naming what is wrong (the member given twice, or `body` with the byte and line).
enum StrictJSON {
    /// Deeper than any body GridAtlas takes (a MultiPolygon in an edit nests 6 deep).
    static let maxDepth = 64

    /// `parameter` names the body in problems about the whole of it (`geometry` where the body is one).
    static func check(_ data: Data, parameter: String = "body", maxDepth: Int = maxDepth) throws(Problem) {
        let failure: (any Error)? = data.withUnsafeBytes { raw -> (any Error)? in
            var cursor = JSONCursor(raw.bindMemory(to: UInt8.self))
            cursor.refusesInfiniteNumbers = true
            do {
                try walk(&cursor, maxDepth: maxDepth, parameter: parameter)
                return nil
            } catch {
                return error
            }
        }
        switch failure {
        case nil: return
        case let problem as Problem: throw problem
        case let syntax as JSONSyntaxError: throw Problem.badParameter(parameter, "is not strict JSON: \(syntax.description)")
        case let other?: throw Problem.badParameter(parameter, "is not strict JSON: \(other)")
        }
    }

    /// A container still open: its closing byte, for an object the member names seen so far, and
    /// where it sits (`geometry.coordinates`) for messages.
    private struct Open {
        var close: UInt8
        var names: Set<[UInt8]>
        var path: String
    }

    /// Walks one whole value as ``JSONCursor/skipValue(depth:)`` does (iteratively: a deep body
    /// cannot overflow the stack), keeping each open object's member names.
    private static func walk(_ cursor: inout JSONCursor, maxDepth: Int, parameter: String) throws {
        var open: [Open] = []
        var path = ""
        var name: [UInt8] = []
        cursor.skipByteOrderMark()
        while true {
            cursor.skipWhitespace()
            switch cursor.current {
            case 0x22:
                try cursor.skipString()
            case 0x2D where cursor.matches("-Infinity") || cursor.matches("-inf"):
                throw nonJSON(cursor, at: path, parameter: parameter)
            case 0x2D, 0x30...0x39:
                _ = try cursor.readNumber()
            case 0x6E where cursor.matches("nan"):
                throw nonJSON(cursor, at: path, parameter: parameter)
            case 0x74, 0x66, 0x6E:
                try cursor.skipLiteral()
            case 0x5B, 0x7B:
                let close: UInt8 = cursor.current == 0x5B ? 0x5D : 0x7D
                guard open.count < maxDepth else {
                    throw Problem.badParameter(parameter, "nests arrays and objects more than \(maxDepth) deep (at \(position(path)))")
                }
                cursor.i += 1
                if cursor.hasMembers(close: close) {
                    open.append(Open(close: close, names: [], path: path))
                    if close == 0x7D { try member(&cursor, &open, &path, &name) } else { path += "[0]" }
                    continue
                }
            default:
                throw nonJSON(cursor, at: path, parameter: parameter)
            }
            // After a value: close containers, or step to the next member.
            while let top = open.last {
                if try cursor.nextMember(close: top.close) {
                    path = top.path
                    if top.close == 0x7D { try member(&cursor, &open, &path, &name) } else { path += "[…]" }
                    break
                }
                path = top.path
                open.removeLast()
            }
            if open.isEmpty { break }
        }
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.error("text after the end of the JSON value") }
    }

    /// Reads `"name":` inside an object, refusing a name the object already has.
    private static func member(_ cursor: inout JSONCursor, _ open: inout [Open], _ path: inout String, _ name: inout [UInt8]) throws {
        cursor.skipWhitespace()
        guard cursor.current == 0x22, !cursor.atEnd else { throw cursor.unexpected(expected: "a member name in quotes") }
        try cursor.readString(into: &name)
        try cursor.expect(0x3A, "':'")
        let text = String(decoding: name, as: UTF8.self)
        let full = path.isEmpty ? text : path + "." + text
        guard open[open.count - 1].names.insert(name).inserted else {
            throw Problem.badParameter(full.count > 100 ? "body" : full, "is given twice in one object; give each member once")
        }
        path = full
    }

    /// The error for a token that starts no JSON value, naming the usual culprits.
    private static func nonJSON(_ cursor: JSONCursor, at path: String, parameter: String) -> Problem {
        for word: StaticString in ["NaN", "nan", "Infinity", "-Infinity", "inf", "-inf"] where cursor.matches(word) {
            return Problem.badParameter(path.isEmpty || path.count > 100 ? parameter : path,
                                        "\(word) is not a JSON number: numbers must be finite")
        }
        return Problem.badParameter(parameter, "is not strict JSON: \(cursor.unexpected(expected: "a value").description)")
    }

    private static func position(_ path: String) -> String { path.isEmpty ? "the top" : path }
}
