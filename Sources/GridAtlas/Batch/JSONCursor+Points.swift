import GridImport

/// The number grammar moved to GridImport with the cursor; the CSV reader and the batch builder
/// keep naming it as before.
typealias JSONNumber = GridImport.JSONNumber

extension BatchInputError {
    /// A body the cursor cannot read, in the batch's words: where, and why.
    init(_ syntax: JSONSyntaxError) {
        self = .malformedJSON(offset: syntax.offset, line: syntax.line, column: syntax.column, reason: syntax.reason)
    }
}

/// The pieces of a point both JSON readers share: coordinates, ids, text members, `[x, y]`
/// positions and member names.
extension JSONCursor {
    /// Member names the readers look for; anything else is skipped.
    enum Key {
        case lon, lat, id, crs, at, type, geometry, properties, coordinates, features, other
    }

    /// What an `id`, `crs` or `at` member held.
    enum Member {
        /// Absent or null.
        case none
        case string
        case number
        /// A value of the wrong kind, named for messages ("an object").
        case wrongKind(String)
    }

    /// Reads `"name" :` at the cursor and says which member it is.
    @inline(__always)
    mutating func readKey(_ scratch: inout [UInt8]) throws(JSONSyntaxError) -> Key {
        skipWhitespace()
        guard current == 0x22 && !atEnd else { throw unexpected(expected: "a member name in quotes") }
        let key: Key
        if let name = try plainString() {
            key = Self.key(name)
        } else {
            try readString(into: &scratch)
            key = scratch.withUnsafeBufferPointer { Self.key($0) }
        }
        try expect(0x3A, "':'")
        return key
    }

    /// The string at the cursor, straight from the body, when it holds no escape (the usual
    /// case for names and ids); the cursor moves past it. Nil, with the cursor unmoved, when
    /// the string needs decoding.
    @inline(__always)
    mutating func plainString() throws(JSONSyntaxError) -> UnsafeBufferPointer<UInt8>? {
        var j = i + 1
        while j < bytes.count {
            let b = bytes[j]
            if b == 0x22 {
                let text = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])
                i = j + 1
                return text
            }
            guard b >= 0x20 && b != 0x5C else { return nil }
            if b < 0x80 {
                j += 1
            } else {
                let saved = i
                i = j
                defer { i = saved }
                j += try utf8Length()
            }
        }
        return nil
    }

    static func key(_ name: UnsafeBufferPointer<UInt8>) -> Key {
        switch name.count {
        case 1:
            if name[0] == 0x78 { return .lon }  // x
            if name[0] == 0x79 { return .lat }  // y
        case 2:
            if same(name, "id") { return .id }
            if same(name, "at") { return .at }
        case 3:
            if same(name, "lon") || same(name, "lng") { return .lon }
            if same(name, "lat") { return .lat }
            if same(name, "crs") { return .crs }
        case 4:
            if same(name, "type") { return .type }
        case 8:
            if same(name, "latitude") { return .lat }
            if same(name, "geometry") { return .geometry }
            if same(name, "features") { return .features }
        case 9:
            if same(name, "longitude") { return .lon }
        case 10:
            if same(name, "properties") { return .properties }
        case 11:
            if same(name, "coordinates") { return .coordinates }
        default:
            break
        }
        return .other
    }

    static func same(_ bytes: [UInt8], _ word: StaticString) -> Bool {
        bytes.withUnsafeBufferPointer { same($0, word) }
    }

    static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<bytes.count where bytes[k] != w[k] { return false }
        return true
    }

    /// Reads a longitude or latitude: a number, a quoted number (its text goes to `text`), or
    /// a value that is no number. `NaN` and `Infinity`, which JavaScript writes though JSON has
    /// no such words, are taken as a point's problem rather than an unreadable document.
    @inline(__always)
    mutating func readCoordinate(text: inout [UInt8]) throws(JSONSyntaxError) -> PointFields.Coordinate {
        skipWhitespace()
        let b = current
        if b >= 0x30 && b <= 0x39 { return .number(try readNumber()) }
        switch b {
        case 0x2D:
            if i + 1 < bytes.count && bytes[i + 1] == 0x49 {
                i += 1
                guard matches("Infinity") else { throw unexpected(expected: "a number") }
                i += 8
                return .invalid("-Infinity is not a finite number")
            }
            return .number(try readNumber())
        case 0x22:
            try readString(into: &text)
            return .text
        case 0x4E where matches("NaN"):
            i += 3
            return .invalid("NaN is not a finite number")
        case 0x49 where matches("Infinity"):
            i += 8
            return .invalid("Infinity is not a finite number")
        case 0x5B, 0x7B, 0x74, 0x66, 0x6E:
            let kind = Self.kind(of: b)
            try skipValue()
            return .invalid("\(kind) is not a number")
        default:
            throw unexpected(expected: "a value")
        }
    }

    /// Reads an id: a string or a number (its text as written). Its bytes are `raw`, a part of
    /// the body, or when the string needed decoding, `buffer`.
    mutating func readID(into buffer: inout [UInt8], raw: inout UnsafeBufferPointer<UInt8>?) throws(JSONSyntaxError) -> Member {
        raw = nil
        skipWhitespace()
        switch current {
        case 0x22:
            if let plain = try plainString() {
                raw = plain
            } else {
                raw = nil
                try readString(into: &buffer)
            }
            return .string
        case 0x2D, 0x30...0x39:
            let start = i
            _ = try readNumber()
            raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
            return .number
        default:
            return try readOther()
        }
    }

    /// Reads a member that should be a string (`crs`, `at`, a type name) into `buffer`.
    mutating func readText(into buffer: inout [UInt8]) throws(JSONSyntaxError) -> Member {
        skipWhitespace()
        if current == 0x22 {
            try readString(into: &buffer)
            return .string
        }
        return try readOther()
    }

    /// Reads a member that should be a string and says whether it is `word` (a GeoJSON type);
    /// when it is not, its text is in `scratch` for messages.
    mutating func readText(_ scratch: inout [UInt8], is word: StaticString) throws(JSONSyntaxError) -> (Member, Bool) {
        skipWhitespace()
        if current == 0x22, let plain = try plainString() {
            if Self.same(plain, word) { return (.string, true) }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: plain)
            return (.string, false)
        }
        let member = try readText(into: &scratch)
        if case .string = member { return (member, Self.same(scratch, word)) }
        return (member, false)
    }

    private mutating func readOther() throws(JSONSyntaxError) -> Member {
        if matches("null") {
            i += 4
            return .none
        }
        guard !atEnd else { throw unexpected(expected: "a value") }
        let kind = Self.kind(of: current)
        try skipValue()
        return .wrongKind(kind)
    }

    /// Reads `[x, y, ...]` with the cursor just past the `[`: extra values (an altitude) are
    /// checked and ignored.
    mutating func readPosition(into fields: inout PointFields) throws(JSONSyntaxError) {
        skipWhitespace()
        if current == 0x5D && !atEnd {
            i += 1
            return
        }
        fields.lon = try readCoordinate(text: &fields.lonText)
        guard try nextMember(close: 0x5D) else { return }
        fields.lat = try readCoordinate(text: &fields.latText)
        while try nextMember(close: 0x5D) { try skipValue() }
    }
}

extension PointFields {
    /// Takes what ``JSONCursor/readID(into:raw:)`` found as the point's id (its bytes are in `idRaw` or `id`).
    mutating func setID(_ member: JSONCursor.Member) {
        switch member {
        case .none: idKind = .none
        case .string: idKind = .string
        case .number: idKind = .number
        case .wrongKind(let kind):
            idKind = .none
            report("id: \(kind) is not a string or a number")
        }
    }

    /// True when a `crs` or `at` member held a string; a value of another kind is the point's problem.
    mutating func accepts(_ member: JSONCursor.Member, _ name: String) -> Bool {
        switch member {
        case .string: return true
        case .none, .number: return false
        case .wrongKind(let kind):
            report("\(name): \(kind) is not a string")
            return false
        }
    }
}
