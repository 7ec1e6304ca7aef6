import Foundation
import GridDomain
import GridStore

/// What intake and case moves refuse, naming the field at fault.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case noCatalogue
    case unknownMatter(String)
    case missingField(String, String)
    case badField(String, String)
    case tooLong(field: String, length: Int, limit: Int)
    case notFound(Int64)
    case illegalTransition(id: Int64, from: CaseState, to: CaseState)
    case notPermitted(role: AccessRole, to: CaseState, reason: String)
    case unknownDepartment(String)
    case unknownWorker(String)

    public var description: String {
        switch self {
        case .noCatalogue:
            "no catalogue has been imported: import departments and matters first (gridatlas catalogue import)"
        case .unknownMatter(let code):
            "service_code '\(code)' is not a matter in the catalogue (see /open311/v2/services.json)"
        case .missingField(let field, let why):
            "\(field) is required: \(why)"
        case .badField(let field, let why):
            "\(field): \(why)"
        case .tooLong(let field, let length, let limit):
            "\(field) is \(length) characters long; at most \(limit) are accepted"
        case .notFound(let id):
            "no report with id \(id)"
        case .illegalTransition(let id, let from, let to):
            "report \(id) is \(from); it cannot move to \(to). Allowed next: \(from.next.map(\.rawValue).joined(separator: ", "))"
        case .notPermitted(let role, let to, let reason):
            "a \(role) key cannot move a case to \(to): \(reason)"
        case .unknownDepartment(let code):
            "department '\(code)' is not in the catalogue"
        case .unknownWorker(let id):
            "worker '\(id)' is not in the roster"
        }
    }

    /// The field a client should look at.
    public var field: String? {
        switch self {
        case .unknownMatter: "service_code"
        case .missingField(let field, _), .badField(let field, _), .tooLong(let field, _, _): field
        case .illegalTransition, .notPermitted: "state"
        case .unknownDepartment: "department"
        case .unknownWorker: "worker_id"
        case .notFound: "id"
        case .noCatalogue: nil
        }
    }
}
