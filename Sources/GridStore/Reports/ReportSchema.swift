import GRDB

/// Tables of the reports issue: versioned catalogue, reports, their history; and the citizen
/// role for API keys (SQLite cannot change a CHECK, so the key table is rebuilt with its rows).
enum ReportSchema {
    static func create(_ db: Database) throws {
        try db.create(table: "catalogue_version") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("created_at", .double).notNull()
            t.column("note", .text)
        }
        try db.create(table: "department") { t in
            t.column("version_id", .integer).notNull().references("catalogue_version", onDelete: .restrict)
            t.column("code", .text).notNull()
            t.column("name", .text).notNull()
            t.column("name_en", .text).notNull()
            t.column("position", .integer).notNull()
            t.primaryKey(["version_id", "code"])
        }
        try db.create(table: "matter") { t in
            t.column("version_id", .integer).notNull().references("catalogue_version", onDelete: .restrict)
            t.column("code", .text).notNull()
            t.column("name", .text).notNull()
            t.column("department", .text).notNull()
            t.column("co_departments", .text).notNull()
            t.column("lead", .text).notNull()
            t.column("deadline_hours", .integer).notNull()
            t.column("batch", .integer).notNull()
            t.column("position", .integer).notNull()
            t.primaryKey(["version_id", "code"])
        }
        // AUTOINCREMENT: a report id is never given out twice, even after the newest is lost.
        try db.create(table: "report") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("matter_code", .text).notNull()
            t.column("description", .text).notNull()
            t.column("address", .text)
            t.column("lon", .double).notNull()
            t.column("lat", .double).notNull()
            t.column("input_x", .double).notNull()
            t.column("input_y", .double).notNull()
            t.column("input_crs", .text).notNull()
            t.column("media_url", .text)
            t.column("media_hash", .text)
            t.column("email", .text)
            t.column("phone", .text)
            t.column("device_id", .text)
            t.column("first_name", .text)
            t.column("last_name", .text)
            t.column("requested_at", .double).notNull()
            t.column("received_at", .double).notNull()
            t.column("updated_at", .double).notNull()
            t.column("expected_at", .double).notNull()
            t.column("closed_at", .double)
            t.column("state", .text).notNull()
            t.column("status_notes", .text)
            t.column("generation", .text).notNull()
            t.column("location_status", .text).notNull()
            t.column("district_code", .text)
            t.column("subdistrict_code", .text)
            t.column("community_code", .text)
            t.column("grid_code", .text)
            t.column("micro_area_code", .text)
            t.column("department", .text).notNull()
            t.column("worker_id", .text)
            t.column("worker_name", .text)
            t.column("nearest_grid", .text)
            t.column("manual_dispatch", .boolean).notNull()
            t.column("duplicate_of", .integer).references("report")
            t.column("filed_by", .text)
            t.column("source", .text).notNull()
        }
        // Density and figures read windows of time by grid; duplicates read a matter's recent
        // reports; warnings read a grid's recent reports; citizens list their own.
        try db.create(index: "report_by_time", on: "report", columns: ["requested_at", "grid_code"])
        try db.create(index: "report_by_matter", on: "report", columns: ["matter_code", "requested_at"])
        try db.create(index: "report_by_grid", on: "report", columns: ["grid_code", "requested_at"])
        try db.create(index: "report_by_filer", on: "report", columns: ["filed_by", "id"])
        try db.execute(sql: "CREATE INDEX report_by_media ON report(media_hash) WHERE media_hash IS NOT NULL")
        try db.create(table: "case_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("report_id", .integer).notNull().references("report", onDelete: .restrict)
            t.column("from_state", .text)
            t.column("to_state", .text).notNull()
            t.column("actor", .text).notNull()
            t.column("role", .text).notNull()
            t.column("at", .double).notNull()
            t.column("note", .text)
            t.column("department", .text)
            t.column("worker_id", .text)
        }
        try db.create(index: "case_event_by_report", on: "case_event", columns: ["report_id", "id"])

        try db.execute(sql: "ALTER TABLE api_key RENAME TO api_key_v2")
        try db.create(table: "api_key") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("role", .text).notNull().check { ["citizen", "viewer", "dispatcher", "planner", "admin"].contains($0) }
            t.column("secret_sha256", .text).notNull()
            t.column("created_at", .double).notNull()
            t.column("revoked_at", .double)
        }
        try db.execute(sql: "INSERT INTO api_key SELECT id, name, role, secret_sha256, created_at, revoked_at FROM api_key_v2")
        try db.drop(table: "api_key_v2")
    }
}
