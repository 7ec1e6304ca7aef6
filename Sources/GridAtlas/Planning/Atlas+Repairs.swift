import Foundation
import GridDomain
import GridPlanning
import GridStore

/// The repairs a planner can run on a draft. Each stores what it changed as one revision, with a
/// note per change and per thing it left alone, for the planner to review (and undo).
public enum DraftRepair: Sendable, Equatable {
    /// Snap vertices onto neighbours' vertices or edges within this many metres.
    case snap(toleranceM: Double)
    /// Give each gap up to this many m² to the sibling with the longest shared edge.
    case fillGaps(maxAreaM2: Double)
    /// Replace invalid shapes by GEOS's repair, keeping the polygonal parts.
    case makeValid

    /// The name the change log and the HTTP API use.
    public var operation: String {
        switch self {
        case .snap: "snap"
        case .fillGaps: "fill-gaps"
        case .makeValid: "make-valid"
        }
    }

    var summary: String {
        switch self {
        case .snap(let metres): "snap vertices to neighbours within \(metres) m"
        case .fillGaps(let area): "fill gaps up to \(area) m² from the neighbour with the longest shared edge"
        case .makeValid: "make invalid shapes valid"
        }
    }
}

extension Atlas {
    /// Runs a repair on a draft and stores what it changed as the next revision. A repair that
    /// finds nothing to do stores nothing and says so (with what it left alone, and why).
    @discardableResult
    public func repair(draft name: String, _ repair: DraftRepair, actor: String) throws -> DraftChange {
        // The settings are checked before the store is read: a bad tolerance is the request's fault.
        let run: ([AreaUnit]) -> RepairResult = switch repair {
        case .snap(let metres): try VertexSnapper(toleranceM: metres).run
        case .fillGaps(let area): try GapFiller(maxAreaM2: area).run
        case .makeValid: MakeValid().run
        }
        let draft = try requireDraft(name)
        let result = run(try store.units(inGeneration: draft.id))
        let skipped = result.skipped.map { "left \($0.code) alone: \($0.message)" }
        guard !result.isEmpty else {
            throw EditError.nothingToDo("\(repair.operation) found nothing to change\(skipped.isEmpty ? "" : " (" + skipped.joined(separator: "; ") + ")")")
        }
        let outcome = EditOutcome(operation: repair.operation,
                                  summary: "\(repair.summary): \(result.units.count) unit\(result.units.count == 1 ? "" : "s") changed",
                                  saved: result.units, notes: result.notes.map { "\($0.code): \($0.message)" } + skipped)
        return try record(outcome, in: draft, actor: actor)
    }
}
