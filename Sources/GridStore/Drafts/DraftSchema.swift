import GRDB

/// Drafts keep a change log: one row per edit, import or repair, numbered by the draft's
/// revision, with the units as they were before it, so that any change can be reviewed and the
/// latest undone. Published generations keep their log as history.
enum DraftSchema {
    static func create(_ db: Database) throws {
        try db.alter(table: "generation") { t in
            t.add(column: "base_id", .integer).references("generation", onDelete: .setNull)
            t.add(column: "revision", .integer).notNull().defaults(to: 0)
        }
        try db.create(table: "draft_change") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("generation_id", .integer).notNull().references("generation", onDelete: .cascade)
            t.column("revision", .integer).notNull()
            t.column("operation", .text).notNull()
            t.column("summary", .text).notNull()
            /// JSON arrays of text: what the planner reviews, and the codes written and taken out.
            t.column("notes", .text).notNull()
            t.column("saved_codes", .text).notNull()
            t.column("removed_codes", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("made_at", .double).notNull()
            t.uniqueKey(["generation_id", "revision"])
        }
        // The units a change replaced or took out, as they were: what undo puts back.
        try db.create(table: "draft_change_unit") { t in
            t.column("change_id", .integer).notNull().references("draft_change", onDelete: .cascade)
            t.column("code", .text).notNull()
            t.column("tier", .text).notNull()
            t.column("name", .text).notNull()
            t.column("parent_code", .text)
            t.column("households", .integer)
            t.column("population", .integer)
            t.column("attributes", .text).notNull()
            t.column("geometry", .blob).notNull()
            t.primaryKey(["change_id", "code"])
        }
    }
}
