import Foundation
import GRDB
import GridDomain

/// Drafts: start one from a generation, change it one logged revision at a time, undo the
/// latest change, or throw the whole draft away. Published generations are never touched here.
extension GridStore {
    /// Starts draft `name` as a copy of `base`'s units (copied inside SQLite, geometry and all),
    /// or empty when `base` is nil. The change log opens with a `create` entry.
    @discardableResult
    public func createDraft(named name: String, from base: Generation?, note: String? = nil, actor: String,
                            now: Date = Date()) throws -> Generation {
        try pool.write { db in
            guard try GenerationRecord.filter(Column("name") == name).fetchCount(db) == 0 else { throw StoreError.generationExists(name) }
            var record = GenerationRecord(id: nil, name: name, state: Generation.State.draft.rawValue, effectiveFrom: nil,
                                          effectiveTo: nil, createdAt: now, note: note, baseId: base?.id, revision: 1)
            try record.insert(db)
            let id = db.lastInsertedRowID
            record.id = id
            var copied = 0
            if let base {
                try db.execute(sql: """
                    INSERT INTO unit (generation_id, code, tier, name, parent_code, households, population, attributes,
                                      geometry, vertex_count, min_lon, min_lat, max_lon, max_lat, area_m2)
                    SELECT ?, code, tier, name, parent_code, households, population, attributes,
                           geometry, vertex_count, min_lon, min_lat, max_lon, max_lat, area_m2
                    FROM unit WHERE generation_id = ?
                    """, arguments: [id, base.id])
                copied = db.changesCount
            }
            let summary = base.map { "started from '\($0.name)' (\(copied) units)" } ?? "started empty"
            try DraftChangeRecord(generationId: id, change: DraftChange(
                revision: 1, operation: "create", summary: summary, notes: note.map { [$0] } ?? [], saved: [], removed: [],
                actor: actor, madeAt: now)).insert(db)
            return record.generation
        }
    }

    /// Applies one change to draft `name` in one transaction: keeps a copy of every unit it
    /// replaces or removes, takes out `removing`, writes `saving`, and logs it as the next
    /// revision. With `expectedRevision`, refuses when the draft moved on since the change was
    /// worked out (another planner's edit in between).
    @discardableResult
    public func applyDraftChange(to name: String, expectedRevision: Int?, operation: String, summary: String, notes: [String],
                                 removing: [String], saving: [AreaUnit], actor: String, now: Date = Date()) throws -> DraftChange {
        try pool.write { db in
            var record = try Self.draft(db, name)
            guard let id = record.id else { throw StoreError.corrupt("generation without id") }
            if let expectedRevision, record.revision != expectedRevision {
                throw StoreError.draftChanged(name: name, expected: expectedRevision, actual: record.revision)
            }
            let touched = Array(Set(removing).union(saving.map(\.code)))
            record.revision += 1
            try record.update(db)
            let change = DraftChange(revision: record.revision, operation: operation, summary: summary, notes: notes,
                                     saved: saving.map(\.code).sorted(), removed: removing.sorted(), actor: actor, madeAt: now)
            try DraftChangeRecord(generationId: id, change: change).insert(db)
            // The units as they were, copied row to row inside SQLite: undo's material.
            if !touched.isEmpty {
                try db.execute(sql: """
                    INSERT INTO draft_change_unit (change_id, code, tier, name, parent_code, households, population, attributes, geometry)
                    SELECT ?, code, tier, name, parent_code, households, population, attributes, geometry
                    FROM unit WHERE generation_id = ? AND code IN (\(databaseQuestionMarks(count: touched.count)))
                    """, arguments: StatementArguments([db.lastInsertedRowID, id]) + StatementArguments(touched))
            }
            try UnitRecord.filter(Column("generation_id") == id && touched.contains(Column("code"))).deleteAll(db)
            for unit in saving { try UnitRecord(unit, generationId: id).insert(db) }
            return change
        }
    }

    /// Takes back the latest change of draft `name`: the units it wrote go, the units it
    /// replaced come back, and its log entry is removed. The opening `create` cannot be undone
    /// (discard the draft instead).
    @discardableResult
    public func undoLastDraftChange(_ name: String) throws -> DraftChange {
        try pool.write { db in
            var record = try Self.draft(db, name)
            guard let id = record.id,
                  let last = try DraftChangeRecord.filter(Column("generation_id") == id && Column("revision") == record.revision).fetchOne(db),
                  let changeId = last.id, last.operation != "create" else {
                throw StoreError.nothingToUndo(name)
            }
            let change = last.change
            let before = try DraftChangeUnitRecord.filter(Column("change_id") == changeId).fetchAll(db)
            let touched = Array(Set(change.saved).union(change.removed))
            try UnitRecord.filter(Column("generation_id") == id && touched.contains(Column("code"))).deleteAll(db)
            for row in before { try UnitRecord(try row.unit(), generationId: id).insert(db) }
            _ = try last.delete(db)
            record.revision -= 1
            try record.update(db)
            return change
        }
    }

    /// Deletes draft `name`, its units and its change log. Published generations cannot be discarded.
    public func discardDraft(_ name: String) throws {
        try pool.write { db in
            let record = try Self.draft(db, name)
            try UnitRecord.filter(Column("generation_id") == record.id).deleteAll(db)
            _ = try record.delete(db)
        }
    }

    /// The change log of any generation, oldest first (a published one keeps its draft's log).
    public func changes(ofGeneration name: String) throws -> [DraftChange] {
        try pool.read { db in
            guard let record = try GenerationRecord.filter(Column("name") == name).fetchOne(db) else {
                throw StoreError.generationNotFound(name)
            }
            return try DraftChangeRecord.filter(Column("generation_id") == record.id).order(Column("revision")).fetchAll(db).map(\.change)
        }
    }

    /// The units change `revision` replaced or removed, as they were before it: the "before"
    /// side of a review. Only kept while the change is in the log.
    public func unitsBefore(change revision: Int, ofGeneration name: String) throws -> [AreaUnit] {
        try pool.read { db in
            guard let record = try GenerationRecord.filter(Column("name") == name).fetchOne(db),
                  let change = try DraftChangeRecord.filter(Column("generation_id") == record.id && Column("revision") == revision).fetchOne(db)
            else { throw StoreError.changeNotFound(name: name, revision: revision) }
            return try DraftChangeUnitRecord.filter(Column("change_id") == change.id).order(Column("code")).fetchAll(db).map { try $0.unit() }
        }
    }

    /// Units of a generation with the given codes (those present).
    public func units(inGeneration id: Int64, codes: [String]) throws -> [AreaUnit] {
        try pool.read { db in
            try UnitRecord.filter(Column("generation_id") == id && codes.contains(Column("code"))).order(Column("code")).fetchAll(db).map { try $0.unit() }
        }
    }

    static func draft(_ db: Database, _ name: String) throws -> GenerationRecord {
        guard let record = try GenerationRecord.filter(Column("name") == name).fetchOne(db) else { throw StoreError.generationNotFound(name) }
        guard record.state == Generation.State.draft.rawValue else { throw StoreError.generationPublished(name) }
        return record
    }
}
