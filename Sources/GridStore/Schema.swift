import GRDB

/// The store's schema, one migration per change; a store opened by a newer GridAtlas is
/// migrated forward in place, never rebuilt.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: generations, units, roster") { db in
            try db.create(table: "generation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("state", .text).notNull().check { ["draft", "published"].contains($0) }
                t.column("effective_from", .double)
                t.column("effective_to", .double)
                t.column("created_at", .double).notNull()
                t.column("note", .text)
            }
            try db.create(table: "unit") { t in
                t.column("generation_id", .integer).notNull().references("generation", onDelete: .restrict)
                t.column("code", .text).notNull()
                t.column("tier", .text).notNull()
                t.column("name", .text).notNull()
                t.column("parent_code", .text)
                t.column("households", .integer)
                t.column("population", .integer)
                t.column("attributes", .text).notNull().defaults(to: "{}")
                t.column("geometry", .blob).notNull()
                t.column("vertex_count", .integer).notNull()
                t.column("min_lon", .double).notNull()
                t.column("min_lat", .double).notNull()
                t.column("max_lon", .double).notNull()
                t.column("max_lat", .double).notNull()
                t.column("area_m2", .double).notNull()
                t.primaryKey(["generation_id", "code"])
            }
            try db.create(index: "unit_by_tier", on: "unit", columns: ["generation_id", "tier"])
            try db.create(index: "unit_by_code", on: "unit", columns: ["code"])
            try db.create(table: "roster_entry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("worker_id", .text).notNull()
                t.column("name", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("role", .text).notNull().check { ["leader", "fulltime", "parttime"].contains($0) }
                t.column("unit_code", .text).notNull()
                t.column("valid_from", .double)
                t.column("valid_to", .double)
            }
            // One assignment of a worker to a unit per start date ("since always" counts as one date).
            try db.execute(sql: """
                CREATE UNIQUE INDEX roster_unique ON roster_entry(worker_id, unit_code, IFNULL(valid_from, -1e300))
                """)
            try db.create(index: "roster_by_unit", on: "roster_entry", columns: ["unit_code"])
        }
        migrator.registerMigration("v2: API keys") { db in
            // Only a SHA-256 of each secret is kept: a copied store file grants nothing.
            try db.create(table: "api_key") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("role", .text).notNull().check { ["viewer", "dispatcher", "planner", "admin"].contains($0) }
                t.column("secret_sha256", .text).notNull()
                t.column("created_at", .double).notNull()
                t.column("revoked_at", .double)
            }
        }
        migrator.registerMigration("v3: catalogue, reports, case history") { db in
            try ReportSchema.create(db)
        }
        migrator.registerMigration("v4: early warning, webhooks") { db in try WarningSchema.create(db) }
        migrator.registerMigration("v5: duplicate search by place") { db in
            // Likely duplicates are looked for by matter and place: with a burst of reports in the
            // last day, (matter, time) left hundreds of rows to fetch per report; (matter, lat, lon,
            // time) answers from the index alone, for the few reports in a 100 m band.
            try db.create(index: "report_by_place", on: "report", columns: ["matter_code", "lat", "lon", "requested_at"])
            // (matter, time) served only the duplicate search; every index is one more random page
            // written per report filed.
            try db.drop(index: "report_by_matter")
        }
        migrator.registerMigration("v6: drafts with a change log") { db in try DraftSchema.create(db) }
        migrator.registerMigration("v7: change counters") { db in try ChangeSchema.create(db) }
        return migrator
    }
}
