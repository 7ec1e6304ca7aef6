import Foundation
import GridDomain

/// What the store refuses, in words a user can act on.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case generationNotFound(String)
    case generationPublished(String)
    case generationEmpty(String)
    case effectiveDateTooEarly(name: String, date: Date, latest: String, latestFrom: Date)
    case rosterDuplicate(workerId: String, unitCode: String)
    case effectiveDateInThePast(name: String, date: Date, current: String)
    case corrupt(String)
    case keyNotFound(String)
    case badKeyName
    case generationExists(String)
    case draftChanged(name: String, expected: Int, actual: Int)
    case nothingToUndo(String)
    case changeNotFound(name: String, revision: Int)

    public var description: String {
        switch self {
        case .generationNotFound(let name):
            "no generation named '\(name)' (see: gridatlas generations list)"
        case .generationPublished(let name):
            "generation '\(name)' is published and can no longer change; start a draft from it instead (gridatlas drafts create NEW --from \(name))"
        case .generationEmpty(let name):
            "generation '\(name)' holds no units: nothing to publish"
        case .effectiveDateTooEarly(let name, let date, let latest, let latestFrom):
            "cannot publish '\(name)' effective \(Dates.format(date)): '\(latest)' already takes effect \(Dates.format(latestFrom)); history only grows forward"
        case .effectiveDateInThePast(let name, let date, let current):
            "cannot publish '\(name)' effective \(Dates.format(date)): that is in the past, and lookups since then have been answered by '\(current)'; use a future date, or --backdate to record a redraw that really took effect then"
        case .rosterDuplicate(let worker, let unit):
            "the roster already assigns worker \(worker) to \(unit) from the same date (use --replace to load a whole new roster)"
        case .keyNotFound(let id):
            "no API key with id '\(id)' (see: gridatlas keys list)"
        case .badKeyName:
            "a key needs a name saying who holds it (e.g. --name 'dispatch centre')"
        case .generationExists(let name):
            "a generation named '\(name)' already exists: choose another name (see: gridatlas generations list)"
        case .draftChanged(let name, let expected, let actual):
            "draft '\(name)' changed while this edit was prepared (revision \(actual), expected \(expected)): look at it again and retry"
        case .nothingToUndo(let name):
            "draft '\(name)' has no change left to undo"
        case .changeNotFound(let name, let revision):
            "generation '\(name)' has no change numbered \(revision) in its log (see: gridatlas drafts log \(name))"
        case .corrupt(let what):
            "the store is damaged: \(what)"
        }
    }
}
