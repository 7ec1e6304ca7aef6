import Foundation

/// What Foundation's `JSONSerialization` makes of one small value of a document: the unit reader
/// walks the bytes itself, but for the few values whose meaning it would otherwise have to
/// imitate (free attributes kept as JSON text, the legacy `crs` member, a value quoted in a
/// message such as "got [1, true]") it asks Foundation, so the text stored and the words shown
/// stay exactly those of the tree reader it replaced. Only small values go this way, and in
/// usual files none but free attributes do.
enum FoundationJSON {
    /// The value in `bytes` (already checked by ``JSONCursor``), as `JSONSerialization` gives it.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(buffer: bytes), options: [.fragmentsAllowed])
    }

    /// A number token as `JSONSerialization` read it (see `UnitDocumentReader.readCoordinate`).
    static func number(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
        (value(token) as? NSNumber)?.doubleValue
    }

    /// The value as the tree reader interpolated it into messages (`[1, 2]`, `<null>`, `abc`).
    static func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        value(bytes).map { "\($0)" } ?? String(decoding: bytes, as: UTF8.self)
    }

    /// A JSON object text with sorted keys, as the tree reader stored free attributes.
    static func objectText(_ object: [String: Any]) -> String {
        guard !object.isEmpty, let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The document as UTF-8 when it was written in UTF-16 or UTF-32 (which `JSONSerialization`
    /// detected, by byte order mark or by the zero bytes of the first characters, RFC 4627 §3).
    enum Text {
        case utf8
        case transcoded(Data)
        case undecodable
    }

    static func text(of data: Data) -> Text {
        guard data.count >= 2 else { return .utf8 }
        let b = [UInt8](data.prefix(4)) + [1, 1]
        let encoding: String.Encoding
        switch (b[0], b[1], b[2], b[3]) {
        case (0x00, 0x00, 0xFE, 0xFF): encoding = .utf32BigEndian
        case (0x00, 0x00, 0x00, _) where data.count >= 4: encoding = .utf32BigEndian
        case (0xFF, 0xFE, 0x00, 0x00): encoding = .utf32LittleEndian
        case (_, 0x00, 0x00, 0x00) where data.count >= 4 && b[0] != 0: encoding = .utf32LittleEndian
        case (0xFE, 0xFF, _, _), (0x00, _, _, _): encoding = .utf16BigEndian
        case (0xFF, 0xFE, _, _), (_, 0x00, _, _): encoding = .utf16LittleEndian
        default: return .utf8
        }
        var body = data
        if (encoding == .utf16BigEndian && b[0] == 0xFE) || (encoding == .utf16LittleEndian && b[0] == 0xFF) {
            body = data.dropFirst(2)
        } else if (encoding == .utf32BigEndian && b[2] == 0xFE) || (encoding == .utf32LittleEndian && b[0] == 0xFF) {
            body = data.dropFirst(4)
        }
        guard let text = String(data: body, encoding: encoding) else { return .undecodable }
        return .transcoded(Data(text.utf8))
    }
}
