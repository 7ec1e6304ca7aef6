import GRDB

/// Tables of early warning and webhooks (v4): the rule (every version kept, the newest in
/// force), the last level of each grid, webhook subscriptions, and an outbox of deliveries with
/// every attempt. Deliveries are rows before they are requests, so a restart resumes them.
enum WarningSchema {
    static func create(_ db: Database) throws {
        // A new row per change: who set which thresholds when is part of the record.
        try db.create(table: "warning_rule") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("measure", .text).notNull().check { ["count", "per_km2", "per_1000_households"].contains($0) }
            t.column("window_hours", .double).notNull().check { $0 > 0 }
            t.column("matters", .text)  // JSON array of codes, NULL for every matter
            t.column("departments", .text)  // JSON array of codes, NULL for every department
            t.column("level1", .double).notNull()
            t.column("level2", .double).notNull()
            t.column("level3", .double).notNull()
            t.column("level4", .double).notNull()
            t.column("created_at", .double).notNull()
            t.column("created_by", .text)
        }
        // No row means level 0 since always; a row is written only when a level changes.
        try db.create(table: "grid_level") { t in
            t.primaryKey("grid_code", .text)
            t.column("level", .integer).notNull().check { $0 >= 0 && $0 <= 4 }
            t.column("value", .double)
            t.column("reports", .integer).notNull()
            t.column("changed_at", .double).notNull()
        }
        // The secret is kept in clear: signing needs it (unlike API keys, which only verify).
        try db.create(table: "webhook") { t in
            t.primaryKey("id", .text)
            t.column("url", .text).notNull()
            t.column("events", .text).notNull()  // comma-separated event types
            t.column("grids", .text)  // JSON array of grid codes, NULL for every grid
            t.column("secret", .text).notNull()
            t.column("description", .text)
            t.column("created_at", .double).notNull()
            t.column("created_by", .text)
            t.column("removed_at", .double)
        }
        try db.create(table: "webhook_delivery") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("webhook_id", .text).notNull().references("webhook", onDelete: .restrict)
            t.column("event_id", .text).notNull()
            t.column("event", .text).notNull()
            t.column("grid_code", .text)
            t.column("body", .blob).notNull()  // the exact bytes signed and sent on every attempt
            t.column("created_at", .double).notNull()
            t.column("state", .text).notNull().check { ["pending", "delivered", "failed", "cancelled"].contains($0) }
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_at", .double)
            t.column("last_status", .integer)
            t.column("last_error", .text)
            t.column("finished_at", .double)
        }
        try db.create(index: "delivery_by_webhook", on: "webhook_delivery", columns: ["webhook_id", "id"])
        try db.execute(sql: "CREATE INDEX delivery_due ON webhook_delivery(next_attempt_at) WHERE state = 'pending'")
        try db.create(table: "webhook_attempt") { t in
            t.column("delivery_id", .integer).notNull().references("webhook_delivery", onDelete: .cascade)
            t.column("number", .integer).notNull()
            t.column("started_at", .double).notNull()
            t.column("duration_ms", .double).notNull()
            t.column("status", .integer)  // HTTP status; NULL when no answer came
            t.column("error", .text)
            t.primaryKey(["delivery_id", "number"])
        }
    }
}
