/// What text a person may give where it is stored and shown again: names (of units, drafts,
/// generations) and free text (a report's description, a note).
///
/// Control characters are refused because nothing shows them and some stores drop what follows
/// them: a draft named "\u{0}" was stored as ''. Names have a length limit because every list,
/// tile and message repeats them (a 1 MB unit name was accepted before); free text has the
/// limit its own form sets (Open311's 4,000 characters for a description).
public struct TextRule: Sendable, Equatable {
    /// Most characters (extended grapheme clusters, as a person counts them).
    public var maxCharacters: Int
    /// True for free text: tab, line feed and carriage return are then allowed.
    public var allowsLineBreaks: Bool

    public init(maxCharacters: Int, allowsLineBreaks: Bool) {
        self.maxCharacters = maxCharacters
        self.allowsLineBreaks = allowsLineBreaks
    }

    /// The longest name GridAtlas stores: far above any real unit's (the longest Chinese
    /// community names run to about 30 characters), far below what would swamp an answer.
    public static let maxNameCharacters = 200

    /// A name or a code: one line, no control characters, at most 200 characters.
    public static let name = TextRule(maxCharacters: maxNameCharacters, allowsLineBreaks: false)

    /// Free text of at most `maxCharacters`: line breaks and tabs allowed, other control characters not.
    public static func freeText(maxCharacters: Int) -> TextRule {
        TextRule(maxCharacters: maxCharacters, allowsLineBreaks: true)
    }

    /// Why `text` breaks the rule (for a message after the field's name), or nil when it keeps it.
    public func problem(with text: String) -> String? {
        for scalar in text.unicodeScalars where Self.isControl(scalar) {
            if allowsLineBreaks && (scalar == "\t" || scalar == "\n" || scalar == "\r") { continue }
            let code = String(scalar.value, radix: 16, uppercase: true)
            return "holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); "
                + (allowsLineBreaks ? "only tab and line breaks are allowed" : "give it on one line of plain text")
        }
        // Counting characters walks the whole string: only when its bytes say it may be too long.
        if text.utf8.count > maxCharacters, text.count > maxCharacters {
            return "is \(text.count) characters long; the limit is \(maxCharacters)"
        }
        return nil
    }

    /// C0 controls, DEL and C1 controls (Unicode general category Cc).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
