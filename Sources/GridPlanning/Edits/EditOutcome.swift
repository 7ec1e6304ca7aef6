import GridDomain

/// What an edit or a repair does to a draft, before anything is stored: the units it takes out
/// and the units it puts in their place, with one note per thing it did or could not do.
///
/// The store applies an outcome in one transaction and keeps the units it replaced, so the
/// change can be reviewed and undone; nothing an edit does goes unsaid.
public struct EditOutcome: Sendable, Equatable {
    /// `replace`, `split`, `merge`, ... or a repair's name (`snap`, `fill-gaps`, `make-valid`).
    public var operation: String
    /// One line for the change log: "split 450299001001003 into 450299001001003 and 450299001001012".
    public var summary: String
    /// Codes that leave the draft (a merged-away grid, a re-coded unit's old code).
    public var removed: [String]
    /// Units written: new ones, and new versions of existing ones (same code).
    public var saved: [AreaUnit]
    /// Everything done or left undone, one sentence each, for the planner to review.
    public var notes: [String]

    public init(operation: String, summary: String, removed: [String] = [], saved: [AreaUnit] = [], notes: [String] = []) {
        self.operation = operation
        self.summary = summary
        self.removed = removed
        self.saved = saved
        self.notes = notes
    }
}
