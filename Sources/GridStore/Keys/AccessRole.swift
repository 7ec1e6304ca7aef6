/// What an API key may do. Each role includes every role below it: a planner can do what a
/// dispatcher can, and so on.
///
/// - citizen: files reports (Open311) and follows its own reports only; reads nothing else
///   when reads are keyed. A citizen app holds one key per user, or per device.
/// - viewer: read boundaries, density and lookups, without workers' phone numbers.
/// - dispatcher: also sees phone numbers (dispatch centres call the responsible worker), every
///   report with the reporter's contact details, and moves cases through their life.
/// - planner: also imports units and rosters and publishes generations.
/// - admin: also lists and revokes keys over HTTP.
public enum AccessRole: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case citizen, viewer, dispatcher, planner, admin

    var rank: Int {
        switch self {
        case .citizen: 0
        case .viewer: 1
        case .dispatcher: 2
        case .planner: 3
        case .admin: 4
        }
    }

    public static func < (a: AccessRole, b: AccessRole) -> Bool { a.rank < b.rank }

    public var description: String { rawValue }

    /// True when this role includes `required`.
    public func allows(_ required: AccessRole) -> Bool { self >= required }
}
