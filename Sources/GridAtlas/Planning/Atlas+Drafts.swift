import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import GridStore

/// Planners' drafts: start one from a generation, edit it, look back over its change log, undo,
/// discard. Every edit is worked out on the draft's units as they are (``DraftEditor``, no store
/// involved), then stored as one logged revision; if another edit landed in between, the store
/// refuses and nothing changes.
extension Atlas {
    /// Starts draft `name` as a copy of generation `base` (by name), or of the generation in force
    /// now when `base` is nil, or empty when the store has no generation yet.
    public func createDraft(_ name: String, from base: String?, note: String? = nil, actor: String) throws -> Generation {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        // A name travels in URL paths and is stored as text: control characters (a NUL was stored
        // as '') and huge names are refused, like '/', which would split the path.
        guard !trimmed.isEmpty, trimmed.count <= 100, !trimmed.contains("/"), TextRule.name.problem(with: trimmed) == nil else {
            throw PlanningError.badDraftName(name)
        }
        if let note, let problem = TextRule.freeText(maxCharacters: 4000).problem(with: note) {
            throw PlanningError.badParameter(name: "note", reason: problem)
        }
        let all = try generations()
        let source: Generation?
        if let base {
            guard let named = all.first(where: { $0.name == base }) else { throw StoreError.generationNotFound(base) }
            source = named
        } else {
            source = all.inForce(at: Date())
        }
        let draft = try store.createDraft(named: trimmed, from: source, note: note, actor: actor)
        invalidate()
        return draft
    }

    /// Applies one edit to a draft as its next revision.
    @discardableResult
    public func edit(draft name: String, _ edit: UnitEdit, actor: String, toleranceM2: Double = 1.0) throws -> DraftChange {
        let draft = try requireDraft(name)
        let editor = DraftEditor(units: try store.units(inGeneration: draft.id), toleranceM2: toleranceM2)
        let outcome = try editor.apply(edit)
        return try record(outcome, in: draft, actor: actor)
    }

    /// Stores an outcome (an edit's or a repair's) as the draft's next revision, provided the draft
    /// is still at the revision the outcome was worked out from.
    func record(_ outcome: EditOutcome, in draft: Generation, actor: String) throws -> DraftChange {
        let change = try store.applyDraftChange(to: draft.name, expectedRevision: draft.revision, operation: outcome.operation,
                                                summary: outcome.summary, notes: outcome.notes, removing: outcome.removed,
                                                saving: outcome.saved, actor: actor)
        invalidate()
        return change
    }

    /// Takes back the draft's latest change.
    @discardableResult
    public func undo(draft name: String) throws -> DraftChange {
        let change = try store.undoLastDraftChange(name)
        invalidate()
        return change
    }

    /// Deletes a draft with its units and change log.
    public func discard(draft name: String) throws {
        try store.discardDraft(name)
        invalidate()
    }

    /// The change log, oldest first.
    public func changes(of name: String) throws -> [DraftChange] {
        try store.changes(ofGeneration: name)
    }

    /// One change for review: the units as they were before it, and as they are now (a later
    /// change may have altered them since).
    public func review(change revision: Int, of name: String) throws -> (change: DraftChange, before: [AreaUnit], after: [AreaUnit]) {
        guard let change = try changes(of: name).first(where: { $0.revision == revision }) else {
            throw StoreError.changeNotFound(name: name, revision: revision)
        }
        let generation = try generation(named: name, at: Date())
        let before = try store.unitsBefore(change: revision, ofGeneration: name)
        let after = try store.units(inGeneration: generation.id, codes: change.saved)
        return (change, before, after)
    }

    /// The draft named `name`, read fresh from the store (its revision matters).
    func requireDraft(_ name: String) throws -> Generation {
        guard let draft = try store.generation(named: name) else { throw StoreError.generationNotFound(name) }
        guard draft.state == .draft else { throw StoreError.generationPublished(name) }
        return draft
    }
}
