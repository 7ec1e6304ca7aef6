/// Where a point fell: the id of the unit of each tier, or -1. Ids index ``Locator/units``.
///
/// A plain value of five integers, so that resolving millions of points allocates nothing.
public struct Location: Hashable, Sendable {
    public var district: Int32 = -1
    public var subdistrict: Int32 = -1
    public var community: Int32 = -1
    public var grid: Int32 = -1
    public var microArea: Int32 = -1

    public init() {}

    public subscript(tier: Tier) -> Int32 {
        get {
            switch tier {
            case .district: district
            case .subdistrict: subdistrict
            case .community: community
            case .grid: grid
            case .microArea: microArea
            }
        }
        set {
            switch tier {
            case .district: district = newValue
            case .subdistrict: subdistrict = newValue
            case .community: community = newValue
            case .grid: grid = newValue
            case .microArea: microArea = newValue
            }
        }
    }

    /// The unit ids found, top tier first.
    public var chain: [Int32] { Tier.allCases.map { self[$0] }.filter { $0 >= 0 } }

    /// `inside` a grid, in a `gap` (inside some upper tier but no grid), or `outside` every unit.
    public var status: Status {
        if grid >= 0 { return .inside }
        return chain.isEmpty ? .outside : .gap
    }

    public enum Status: String, Sendable, Codable {
        case inside
        case gap
        case outside
    }
}
