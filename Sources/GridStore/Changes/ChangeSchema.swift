import GRDB

/// The `store_change` table and the triggers that keep it: a counter per subject, raised in the
/// same transaction as every insert, update or delete of the subject's table.
///
/// Triggers rather than calls in each write path: no write can forget to raise the counter,
/// including one by a program that knows nothing of them (sqlite3 by hand, an older gridatlas on
/// a store migrated since), and a rolled-back write raises nothing. `PRAGMA data_version` alone would not do:
/// it moves with every commit, and reports are committed many times a second, so it cannot tell
/// a new key or generation from a filed report.
///
/// The roster is the exception: a trigger runs per row, and on a city's roster (100,000 rows) it
/// made an import 0.4 s slower and a replacing delete four times slower. Its counter is raised
/// once per transaction by ``GridStore/saveRoster(_:replace:)``, the one path that writes it.
enum ChangeSchema {
    /// Subject name in `store_change` → the table whose rows it counts by trigger.
    static let tables: KeyValuePairs<String, String> = [
        "generations": "generation",
        "keys": "api_key",
        "catalogue": "catalogue_version",
        "warning_rule": "warning_rule",
    ]
    /// Counted by the one write path of their table rather than by trigger.
    static let counted = ["roster"]

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_change (subject TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID
            """)
        for subject in counted {
            try db.execute(sql: "INSERT INTO store_change (subject, version) VALUES (?, 0)", arguments: [subject])
        }
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

extension ChangeSchema {
    /// Raises `subject`'s counter inside the caller's transaction.
    static func raise(_ subject: String, _ db: Database) throws {
        try db.execute(sql: "UPDATE store_change SET version = version + 1 WHERE subject = ?", arguments: [subject])
    }
}
