import Foundation
import GRDB
import GridDomain
import GridGeometry

struct DraftChangeRecord: StoredRecord {
    static let databaseTableName = "draft_change"
    var id: Int64?
    var generationId: Int64
    var revision: Int
    var operation: String
    var summary: String
    var notes: String
    var savedCodes: String
    var removedCodes: String
    var actor: String
    var madeAt: Date

    init(generationId: Int64, change: DraftChange) {
        self.generationId = generationId
        revision = change.revision
        operation = change.operation
        summary = change.summary
        notes = Self.encode(change.notes)
        savedCodes = Self.encode(change.saved)
        removedCodes = Self.encode(change.removed)
        actor = change.actor
        madeAt = change.madeAt
    }

    var change: DraftChange {
        DraftChange(revision: revision, operation: operation, summary: summary, notes: Self.decode(notes),
                    saved: Self.decode(savedCodes), removed: Self.decode(removedCodes), actor: actor, madeAt: madeAt)
    }

    static func encode(_ list: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}

/// A unit as it was before a change: the row undo puts back.
struct DraftChangeUnitRecord: StoredRecord {
    static let databaseTableName = "draft_change_unit"
    var changeId: Int64
    var code: String
    var tier: String
    var name: String
    var parentCode: String?
    var households: Int?
    var population: Int?
    var attributes: String
    var geometry: Data

    func unit() throws -> AreaUnit {
        try UnitRecord.areaUnit(code: code, tier: tier, name: name, parentCode: parentCode, households: households, population: population,
                                attributes: attributes, geometry: geometry)
    }
}
