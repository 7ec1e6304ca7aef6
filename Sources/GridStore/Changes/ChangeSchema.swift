import GRDB

/// The `store_change` table and the triggers that keep it: a counter per subject, raised in the
/// same transaction as every insert, update or delete of the subject's table.
///
/// Triggers rather than calls in each write path: no write can forget to raise the counter,
/// including a write by a process that knows nothing of it (the CLI of the same release, sqlite3
/// by hand), and a rolled-back write raises nothing. `PRAGMA data_version` alone would not do:
/// it moves with every commit, and reports are committed many times a second, so it cannot tell
/// a new key or generation from a filed report.
enum ChangeSchema {
    /// Subject name in `store_change` → the table whose rows it counts.
    static let tables: KeyValuePairs<String, String> = [
        "generations": "generation",
        "keys": "api_key",
        "roster": "roster_entry",
        "catalogue": "catalogue_version",
        "warning_rule": "warning_rule",
    ]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_change (subject TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID
            """)
        for (subject, table) in tables {
            try db.execute(sql: "INSERT INTO store_change (subject, version) VALUES (?, 0)", arguments: [subject])
            for event in ["insert", "update", "delete"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_\(event)_counted AFTER \(event.uppercased()) ON \(table)
                    BEGIN UPDATE store_change SET version = version + 1 WHERE subject = '\(subject)'; END
                    """)
            }
        }
    }
}
