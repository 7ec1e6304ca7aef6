/// Why an edit is refused, in words that tell the planner what to do instead. A refused edit
/// changes nothing.
public enum EditError: Error, Equatable, CustomStringConvertible {
    case unknownUnit(String)
    case codeTaken(String)
    case badCode(code: String, reason: String)
    case notSiblings(String)
    case notTouching([String])
    case badGeometry(code: String, reason: String)
    case lineDoesNotCut(code: String, pieces: Int)
    case countMismatch(what: String, expected: Int, got: Int)
    case spillsOutsideParent(code: String, parent: String, areaM2: Double)
    case wrongParentTier(code: String, parent: String)
    case sequenceFull(parent: String, digits: Int)
    case nothingToDo(String)
    case geos(String)

    public var description: String {
        switch self {
        case .unknownUnit(let code): "no unit with code \(code) in this draft"
        case .codeTaken(let code): "code \(code) is already used in this draft"
        case .badCode(let code, let reason): "code \(code) cannot be used: \(reason)"
        case .notSiblings(let detail): "only units of the same tier and parent can be merged: \(detail)"
        case .notTouching(let codes): "\(codes.joined(separator: ", ")) do not form one connected area; merge units that share an edge"
        case .badGeometry(let code, let reason): "the new geometry for \(code) is refused: \(reason)"
        case .lineDoesNotCut(let code, let pieces):
            "the line cuts \(code) into \(pieces) piece\(pieces == 1 ? "" : "s"): draw it across the unit from one edge to another (ending outside it)"
        case .countMismatch(let what, let expected, let got): "\(got) \(what) given for \(expected) pieces"
        case .spillsOutsideParent(let code, let parent, let area):
            "the new geometry for \(code) reaches \(Figures.area(area)) outside its parent \(parent): move the parent's boundary first, or draw within it"
        case .wrongParentTier(let code, let parent): "\(parent) cannot be the parent of \(code): it must be one tier up"
        case .sequenceFull(let parent, let digits): "no free \(digits)-digit sequence number left under \(parent): give a code yourself"
        case .nothingToDo(let why): "nothing to do: \(why)"
        case .geos(let message): "geometry operation failed: \(message)"
        }
    }
}
