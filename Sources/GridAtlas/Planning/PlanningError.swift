import GridPlanning

/// What a planning request (a draft's name, a diff or balance) could not do, said plainly.
public enum PlanningError: Error, Equatable, CustomStringConvertible {
    /// A parameter out of range: its name and why.
    case badParameter(name: String, reason: String)
    /// No generation was named to compare with, and none could be chosen.
    case nothingToCompare(String)
    /// GEOS failed on stored geometry.
    case geometry(DiffError)
    /// A draft name that cannot be used.
    case badDraftName(String)

    public var description: String {
        switch self {
        case .badParameter(let name, let reason): "\(name): \(reason)"
        case .nothingToCompare(let name):
            "no generation to compare '\(name)' with: none other is in force and none was published before it; name one (against=NAME)"
        case .geometry(let error): error.description
        case .badDraftName(let name):
            // Quoted as Swift writes a literal (control characters escaped), and cut short: the name may be 1 MB.
            "\(String(reflecting: String(name.prefix(40))))\(name.count > 40 ? "…" : "") cannot name a draft: use 1 to 100 characters, "
                + "no '/', no control characters"
        }
    }
}
