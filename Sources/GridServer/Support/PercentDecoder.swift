/// Decodes the text of a URL (a path segment, a query parameter's name or value, a form field)
/// strictly: a `%` not followed by two hex digits, bytes that are not UTF-8, control characters
/// and overlong text are refused with a 400 naming the part at fault, never repaired.
///
/// Hummingbird's own decoding keeps a malformed value as it came and turns bad UTF-8 into U+FFFD,
/// and `Double("109.5\0")` reads up to a NUL: `lon=109.5%00` was taken as 109.5. Every piece of
/// text a request carries in its URL or form passes through here instead.
enum PercentDecoder {
    /// Longest decoded path segment (bytes): names are at most 200 characters of up to 4 bytes.
    static let maxSegmentBytes = 1_024
    /// Longest decoded query value or form field (bytes) outside a form's free text.
    static let maxValueBytes = 8_192

    /// `raw` decoded; `plusIsSpace` for `application/x-www-form-urlencoded` bodies, where `+` is a
    /// space; `allowsLineBreaks` for forms, whose free text (a description) may hold tabs and lines.
    static func decode(_ raw: Substring, parameter: String, maxBytes: Int, plusIsSpace: Bool = false,
                       allowsLineBreaks: Bool = false) throws(Problem) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw Problem.badParameter(parameter, "has a '%' not followed by two hexadecimal digits; percent-encode '%' as %25")
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
            guard bytes.count <= maxBytes else {
                throw Problem.badParameter(parameter, "is longer than \(maxBytes) bytes")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.badParameter(parameter, "is not valid UTF-8 once percent-decoded")
        }
        if let control = text.unicodeScalars.first(where: {
            ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && !(allowsLineBreaks && ($0 == "\t" || $0 == "\n" || $0 == "\r"))
        }) {
            throw Problem.badParameter(parameter, "holds the control character U+\(hex4(control.value)) (percent-encoded NUL, newline and the like are refused)")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
