/// A position in one JSON document and the strict grammar (RFC 8259) to move through it:
/// whitespace, strings with every escape, numbers, literals, and skipping whole values.
///
/// Hand-written because a batch body can be 40 MB: Foundation's JSONSerialization builds an
/// object tree for it (seconds and gigabytes), and the readers here only keep a few fields.
/// Every byte the readers step over is still checked, so a document this accepts is JSON.
///
/// Public, and inlinable on the hot paths, because its readers live in other modules (the
/// batch readers in GridAtlas) and step through millions of tokens: a call per token across the
/// module boundary would cost more than the token.
public struct JSONCursor {
    public let bytes: UnsafeBufferPointer<UInt8>
    public var i = 0
    /// Takes `[1, 2,]` and `{"a": 1,}`: a comma before the closing bracket. RFC 8259 has none, but
    /// Foundation's JSONSerialization on Linux took them, so a reader replacing it keeps them.
    public var allowsTrailingCommas = false
    /// Refuses a number beyond a Double's range (`1e400`) as JSONSerialization did, instead of
    /// reading it as infinite (which the batch readers turn into a point's problem).
    public var refusesInfiniteNumbers = false

    @inlinable
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Nesting deeper than this in a skipped value is refused rather than walked.
    public static let maxDepth = 512

    @inlinable public var atEnd: Bool { i >= bytes.count }

    /// The byte at the cursor, or 0 past the end (0 never starts a JSON token).
    @inlinable @inline(__always) public var current: UInt8 { i < bytes.count ? bytes[i] : 0 }

    @inlinable @inline(__always) public mutating func skipWhitespace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    /// Steps over a UTF-8 byte order mark, which some Windows tools write before JSON.
    public mutating func skipByteOrderMark() {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    /// Just inside an opening bracket or brace: skips whitespace and answers whether members
    /// follow; an empty container's `close` is stepped over.
    @inlinable @inline(__always) public mutating func hasMembers(close: UInt8) -> Bool {
        skipWhitespace()
        if current == close && !atEnd {
            i += 1
            return false
        }
        return true
    }

    /// Steps over `byte` (after whitespace) or fails naming what was expected.
    @inlinable @inline(__always) public mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        skipWhitespace()
        guard current == byte, !atEnd else { throw unexpected(expected: what) }
        i += 1
    }

    /// After a member or element: true at `,` (and steps over it), false at `close` (and steps over it).
    @inlinable @inline(__always) public mutating func nextMember(close: UInt8) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        let b = current
        if b == 0x2C && !atEnd {
            i += 1
            if allowsTrailingCommas {
                skipWhitespace()
                if current == close && !atEnd {
                    i += 1
                    return false
                }
            }
            return true
        }
        if b == close && !atEnd { i += 1; return false }
        throw unexpected(expected: close == 0x5D ? "',' or ']'" : "',' or '}'")
    }

    // MARK: Errors

    /// The error for the byte at the cursor, with its line and column.
    public func unexpected(expected what: String) -> JSONSyntaxError {
        if atEnd { return error("the document ends where \(what) was expected") }
        return error("expected \(what), found \(Self.describe(bytes[i]))")
    }

    public func error(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? i, bytes.count)
        var line = 1, column = 1
        for k in 0..<offset {
            if bytes[k] == 0x0A {
                line += 1
                column = 1
            } else if bytes[k] & 0xC0 != 0x80 {
                column += 1  // continuation bytes belong to the character before them
            }
        }
        return JSONSyntaxError(offset: offset, line: line, column: column, reason: reason)
    }

    public static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// What kind of value starts with `byte`, for messages such as "an array is not a number".
    public static func kind(of byte: UInt8) -> String {
        switch byte {
        case 0x5B: "an array"
        case 0x7B: "an object"
        case 0x22: "a string"
        case 0x74: "true"
        case 0x66: "false"
        case 0x6E: "null"
        default: "a number"
        }
    }

    // MARK: Literals

    /// Steps over `true`, `false` or `null` at the cursor.
    public mutating func skipLiteral() throws(JSONSyntaxError) {
        for word: StaticString in ["true", "false", "null"] where matches(word) {
            i += word.utf8CodeUnitCount
            return
        }
        throw unexpected(expected: "a value")
    }

    /// True when the bytes at the cursor spell `word` (the cursor does not move).
    @inlinable public func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where bytes[i + k] != w[k] { return false }
        return true
    }

    // MARK: Strings

    /// Reads the string at the cursor (which must be at its opening quote) into `out`, decoded:
    /// escapes resolved, surrogate pairs joined, UTF-8 checked.
    @inlinable public mutating func readString(into out: inout [UInt8]) throws(JSONSyntaxError) {
        out.removeAll(keepingCapacity: true)
        try scanString { out.append(contentsOf: $0) }
    }

    /// Steps over the string at the cursor, checking it as ``readString(into:)`` does.
    @inlinable public mutating func skipString() throws(JSONSyntaxError) {
        try scanString { _ in }
    }

    /// Walks a string, handing `emit` its decoded bytes in runs: plain text straight from the
    /// body, each escape decoded on its own.
    @inlinable @inline(__always)
    mutating func scanString(_ emit: (UnsafeBufferPointer<UInt8>) -> Void) throws(JSONSyntaxError) {
        let start = i
        i += 1  // the opening quote
        while true {
            let run = i
            while i < bytes.count {
                let b = bytes[i]
                guard b >= 0x20 && b != 0x22 && b != 0x5C else { break }
                if b < 0x80 {
                    i += 1
                } else {
                    i += try utf8Length()
                }
            }
            if i > run { emit(UnsafeBufferPointer(rebasing: bytes[run..<i])) }
            guard i < bytes.count else { throw error("a string is never closed", at: start) }
            let b = bytes[i]
            if b == 0x22 {
                i += 1
                return
            }
            if b == 0x5C {
                try scanEscape(emit)
            } else {
                throw error("a control character (\(Self.describe(b))) inside a string must be escaped")
            }
        }
    }

    @usableFromInline mutating func scanEscape(_ emit: (UnsafeBufferPointer<UInt8>) -> Void) throws(JSONSyntaxError) {
        guard i + 1 < bytes.count else { throw error("a string is never closed") }
        let e = bytes[i + 1]
        var decoded: UInt8
        switch e {
        case 0x22, 0x5C, 0x2F: decoded = e
        case 0x62: decoded = 0x08
        case 0x66: decoded = 0x0C
        case 0x6E: decoded = 0x0A
        case 0x72: decoded = 0x0D
        case 0x74: decoded = 0x09
        case 0x75:
            var scalar = try hex4(at: i + 2)
            i += 6
            if scalar >= 0xD800 && scalar < 0xDC00 {
                // A high surrogate must be followed by an escaped low one.
                guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else {
                    throw error("\\u\(String(scalar, radix: 16, uppercase: true)) is half of a surrogate pair without its other half", at: i - 6)
                }
                let low = try hex4(at: i + 2)
                guard low >= 0xDC00 && low < 0xE000 else {
                    throw error("\\u\(String(scalar, radix: 16, uppercase: true)) is half of a surrogate pair without its other half", at: i - 6)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            } else if scalar >= 0xDC00 && scalar < 0xE000 {
                throw error("\\u\(String(scalar, radix: 16, uppercase: true)) is half of a surrogate pair without its other half", at: i - 6)
            }
            var utf8: [UInt8] = []
            utf8.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
            utf8.withUnsafeBufferPointer { emit($0) }
            return
        default:
            throw error("\\\(Character(Unicode.Scalar(e))) is not a JSON escape (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)")
        }
        withUnsafePointer(to: &decoded) { emit(UnsafeBufferPointer(start: $0, count: 1)) }
        i += 2
    }

    func hex4(at offset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("\\u needs four hex digits", at: offset - 2) }
        var value: UInt32 = 0
        for k in offset..<(offset + 4) {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw error("\\u needs four hex digits", at: offset - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The length of the well-formed UTF-8 sequence at the cursor (Unicode table 3-7), or an error.
    @inlinable public func utf8Length() throws(JSONSyntaxError) -> Int {
        let b0 = bytes[i]
        let n: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; high = 0x9F
        case 0xF0: n = 4; low = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; high = 0x8F
        default: throw error("the text is not UTF-8 (\(Self.describe(b0)))")
        }
        guard i + n <= bytes.count else { throw error("the text is not UTF-8 (a character is cut short)") }
        let b1 = bytes[i + 1]
        guard b1 >= low && b1 <= high else { throw error("the text is not UTF-8 (\(Self.describe(b0)) \(Self.describe(b1)))") }
        for k in 2..<n where bytes[i + k] & 0xC0 != 0x80 {
            throw error("the text is not UTF-8 (\(Self.describe(b0)) followed by \(Self.describe(bytes[i + k])))")
        }
        return n
    }

    // MARK: Numbers

    /// Reads the number at the cursor by the JSON grammar; a token that breaks it fails the
    /// document. Values too large for a Double come back infinite.
    @inlinable @inline(__always)
    public mutating func readNumber() throws(JSONSyntaxError) -> Double {
        let start = i
        guard let (value, end) = JSONNumber.parse(bytes, from: i) else {
            throw error("not a number by the JSON grammar (-?digits[.digits][e±digits], no leading zeros)", at: start)
        }
        if refusesInfiniteNumbers && !value.isFinite {
            throw error("the number is beyond the range of a Double (±1.8e308)", at: start)
        }
        i = end
        return value
    }

    // MARK: Skipping

    /// Steps over one whole value of any kind, nested arrays and objects included, checking it.
    /// Iterative, with an explicit stack of open containers, so deep nesting cannot overflow the
    /// thread's stack. `depth` counts the containers already open around the value, for a reader
    /// that holds the whole document to ``maxDepth``, not only each value it skips.
    public mutating func skipValue(depth: Int = 0) throws(JSONSyntaxError) {
        var open: [UInt8] = []  // the closing byte of every container still open
        while true {
            skipWhitespace()
            // A value.
            switch current {
            case 0x22: try skipString()
            case 0x2D, 0x30...0x39: _ = try readNumber()
            case 0x74, 0x66, 0x6E: try skipLiteral()
            case 0x5B, 0x7B:
                let close: UInt8 = current == 0x5B ? 0x5D : 0x7D
                guard open.count + depth < Self.maxDepth else { throw error("values nested more than \(Self.maxDepth) deep") }
                i += 1
                skipWhitespace()
                if current == close && !atEnd {
                    i += 1
                } else {
                    open.append(close)
                    if close == 0x7D { try skipKey() }
                    continue
                }
            default:
                throw unexpected(expected: "a value")
            }
            // After a value: close containers, or go on to the next member.
            while let close = open.last {
                if try nextMember(close: close) {
                    if close == 0x7D { try skipKey() }
                    break
                }
                open.removeLast()
            }
            if open.isEmpty { return }
        }
    }

    /// Steps over `"key" :` inside an object.
    private mutating func skipKey() throws(JSONSyntaxError) {
        skipWhitespace()
        guard current == 0x22 && !atEnd else { throw unexpected(expected: "a member name in quotes") }
        try skipString()
        try expect(0x3A, "':'")
    }
}
