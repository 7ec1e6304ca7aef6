/// The tiers a district is cut into, top to bottom. Each tier covers its parent exactly once.
public enum Tier: String, CaseIterable, Comparable, Sendable, Codable {
    /// 区 / 县 / 县级市: a county-level unit, 6-digit GB/T 2260 code.
    case district
    /// 街道 / 镇 / 乡: 9-digit code (county + 001-099 subdistricts, 100-199 towns, 200-399 townships).
    case subdistrict
    /// 社区 / 村: 12-digit statistical division code.
    case community
    /// 网格: 15-digit unit-grid code (DB11/T 2157-2023) or the older 14-digit form (CJ/T 213).
    case grid
    /// 微片区: a grid code followed by 4 digits.
    case microArea = "micro_area"

    public var depth: Int {
        switch self {
        case .district: 0
        case .subdistrict: 1
        case .community: 2
        case .grid: 3
        case .microArea: 4
        }
    }

    public static func < (a: Tier, b: Tier) -> Bool { a.depth < b.depth }

    /// The tier directly above, or nil for a district.
    public var parent: Tier? { depth == 0 ? nil : Tier.allCases[depth - 1] }

    /// The tier directly below, or nil for a micro-area.
    public var child: Tier? { depth + 1 < Tier.allCases.count ? Tier.allCases[depth + 1] : nil }

    /// Code lengths this tier accepts.
    public var codeLengths: [Int] {
        switch self {
        case .district: [6]
        case .subdistrict: [9]
        case .community: [12]
        case .grid: [15, 14]
        case .microArea: [19, 18]
        }
    }

    public var chineseName: String {
        switch self {
        case .district: "区县"
        case .subdistrict: "街道/乡镇"
        case .community: "社区/村"
        case .grid: "网格"
        case .microArea: "微片区"
        }
    }

    /// Accepts the raw names and a few spellings users type (`micro-area`, `microarea`, `county`).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "-", with: "_") {
        case "district", "county": self = .district
        case "subdistrict", "town", "street": self = .subdistrict
        case "community", "village": self = .community
        case "grid": self = .grid
        case "micro_area", "microarea", "micro": self = .microArea
        default: return nil
        }
    }
}
