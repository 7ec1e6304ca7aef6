import GridGeometry

/// One change a planner asks of a draft, with every position already in WGS84.
///
/// The edits are the ones planners make when a district is re-cut (狮山 going from 275 to 259
/// grids, 鹤山 re-cutting its centre, 鱼峰 merging lone buildings into neighbours): redraw one
/// unit, cut one in two, join several, hand one to another parent, give one a new code, or
/// correct its name and base data.
public enum UnitEdit: Sendable, Equatable {
    /// A new boundary for `code`. With `adjustNeighbours`, siblings give up what the new
    /// boundary takes from them, and what it gives up goes to the one sibling it touches, where
    /// that sibling is the only one (otherwise it is left as a gap and said so).
    case replace(code: String, geometry: MultiPolygon, adjustNeighbours: Bool)
    /// Cuts `code` along `line` (which must cross it from edge to edge). The pieces are taken in
    /// reading order (north to south, then west to east); the first keeps the code unless `codes`
    /// names one per piece. `names` likewise; households and population are shared by area.
    case split(code: String, line: [LonLat], codes: [String]?, names: [String]?)
    /// Joins siblings into one: the first code (or `into`) survives, with the summed base data.
    case merge(codes: [String], into: String?)
    /// Hands `code` to another parent one tier up; the unit (and everything below it) is
    /// re-coded under the new parent: `newCode`, or the parent's next free sequence number.
    case move(code: String, parent: String, newCode: String?)
    /// Gives `code` a new code under the same parent; everything below it follows.
    case renumber(code: String, newCode: String)
    /// Numbers all children of `parent` afresh in reading order (west to east, north to south).
    case renumberChildren(parent: String)
    /// Corrects a unit's name or base data; nil leaves a value as it is.
    case set(code: String, name: String?, households: Int??, population: Int??)

    /// The operation's name, as the change log and the HTTP API spell it.
    public var operation: String {
        switch self {
        case .replace: "replace"
        case .split: "split"
        case .merge: "merge"
        case .move: "move"
        case .renumber, .renumberChildren: "renumber"
        case .set: "set"
        }
    }
}
