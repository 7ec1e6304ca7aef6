import Foundation

/// One entry of a draft's change log: an edit, an import or a repair, as the planner reviews it.
public struct DraftChange: Sendable, Equatable, Codable {
    /// 1 for the first change; the draft's revision after this change.
    public var revision: Int
    public var operation: String
    public var summary: String
    public var notes: [String]
    /// Codes written by the change (new units, new versions of units).
    public var saved: [String]
    /// Codes the change took out of the draft.
    public var removed: [String]
    /// Who made it: a key id over HTTP, `cli:<user>` from the command line.
    public var actor: String
    public var madeAt: Date

    public init(revision: Int, operation: String, summary: String, notes: [String], saved: [String], removed: [String],
                actor: String, madeAt: Date) {
        self.revision = revision
        self.operation = operation
        self.summary = summary
        self.notes = notes
        self.saved = saved
        self.removed = removed
        self.actor = actor
        self.madeAt = madeAt
    }
}
