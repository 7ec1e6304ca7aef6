/// The rules that tie a unit's code to its tier and to its parent's code.
///
/// A child's code extends its parent's: subdistrict = county 6 + 3, community = subdistrict 9 + 3,
/// grid = community 12 + 3 (or + 2 in the older form), micro-area = grid + 4. The tier can be read
/// from the length alone except for 18 digits, which is always a micro-area of a 14-digit grid.
public enum UnitCode {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notDigits(String)
        case badLength(String)
        case tierMismatch(code: String, tier: Tier)

        public var description: String {
            switch self {
            case .notDigits(let code): "code '\(code)' must be digits only"
            case .badLength(let code):
                "code '\(code)' has \(code.count) digits; expected 6 (district), 9 (subdistrict), 12 (community), 15 or 14 (grid), 19 or 18 (micro-area)"
            case .tierMismatch(let code, let tier):
                "code '\(code)' has \(code.count) digits, which does not fit tier \(tier.rawValue) (expects \(tier.codeLengths.map(String.init).joined(separator: " or ")))"
            }
        }
    }

    /// The tier a code of this length belongs to.
    public static func tier(of code: String) throws(Problem) -> Tier {
        guard !code.isEmpty, code.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw .notDigits(code) }
        switch code.count {
        case 6: return .district
        case 9: return .subdistrict
        case 12: return .community
        case 14, 15: return .grid
        case 18, 19: return .microArea
        default: throw .badLength(code)
        }
    }

    /// Checks a declared tier against the code's length.
    public static func check(_ code: String, declared tier: Tier) throws(Problem) {
        let inferred = try self.tier(of: code)
        guard inferred == tier else { throw .tierMismatch(code: code, tier: tier) }
    }

    /// The parent's code implied by this code, or nil for a district.
    public static func parentCode(of code: String) -> String? {
        switch code.count {
        case 9: String(code.prefix(6))
        case 12: String(code.prefix(9))
        case 14, 15: String(code.prefix(12))
        case 18, 19: String(code.prefix(code.count - 4))
        default: nil
        }
    }
}
