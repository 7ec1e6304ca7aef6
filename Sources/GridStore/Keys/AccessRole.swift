/// What an API key may do. Each role includes every role below it: a planner can do what a
/// dispatcher can, and so on.
///
/// - viewer: read boundaries, density and lookups, without workers' phone numbers.
/// - dispatcher: also sees phone numbers (dispatch centres call the responsible worker).
/// - planner: also imports units and rosters and publishes generations.
/// - admin: also lists and revokes keys over HTTP.
public enum AccessRole: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case viewer, dispatcher, planner, admin

    var rank: Int {
        switch self {
        case .viewer: 0
        case .dispatcher: 1
        case .planner: 2
        case .admin: 3
        }
    }

    public static func < (a: AccessRole, b: AccessRole) -> Bool { a.rank < b.rank }

    public var description: String { rawValue }

    /// True when this role includes `required`.
    public func allows(_ required: AccessRole) -> Bool { self >= required }
}
