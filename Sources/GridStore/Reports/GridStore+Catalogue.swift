import Foundation
import GRDB
import GridDomain

extension GridStore {
    /// Stores a new catalogue version; the newest version is the one reports are filed under.
    @discardableResult
    public func saveCatalogue(departments: [Department], matters: [Matter], note: String? = nil, now: Date = Date()) throws -> Catalogue {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO catalogue_version (created_at, note) VALUES (?, ?)",
                           arguments: [now.timeIntervalSince1970, note])
            let version = db.lastInsertedRowID
            for (i, d) in departments.enumerated() {
                try db.execute(sql: "INSERT INTO department (version_id, code, name, name_en, position) VALUES (?, ?, ?, ?, ?)",
                               arguments: [version, d.code, d.name, d.nameEn, i])
            }
            for (i, m) in matters.enumerated() {
                try db.execute(sql: """
                    INSERT INTO matter (version_id, code, name, department, co_departments, lead, deadline_hours, batch, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [version, m.code, m.name, m.department, m.coDepartments.joined(separator: ";"), m.lead,
                                     m.deadlineHours, m.batch, i])
            }
            return Catalogue(version: version, departments: departments, matters: matters)
        }
    }

    /// The newest catalogue version, or ``Catalogue/empty`` before any import.
    public func catalogue() throws -> Catalogue {
        try pool.read { db in
            guard let version = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM catalogue_version") else { return .empty }
            return try Self.catalogue(db, version: version)
        }
    }

    /// Every version with its moment and note, oldest first.
    public func catalogueVersions() throws -> [(version: Int64, createdAt: Date, note: String?, matters: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT v.id, v.created_at, v.note, (SELECT COUNT(*) FROM matter m WHERE m.version_id = v.id) AS n
                FROM catalogue_version v ORDER BY v.id
                """).map { (version: $0["id"], createdAt: Date(timeIntervalSince1970: $0["created_at"]), note: $0["note"], matters: $0["n"]) }
        }
    }

    static func catalogue(_ db: Database, version: Int64) throws -> Catalogue {
        let departments = try Row.fetchAll(db, sql: "SELECT code, name, name_en FROM department WHERE version_id = ? ORDER BY position",
                                           arguments: [version]).map { Department(code: $0["code"], name: $0["name"], nameEn: $0["name_en"]) }
        let matters = try Row.fetchAll(db, sql: """
            SELECT code, name, department, co_departments, lead, deadline_hours, batch FROM matter WHERE version_id = ? ORDER BY position
            """, arguments: [version]).map { row -> Matter in
            let co: String = row["co_departments"]
            return Matter(code: row["code"], name: row["name"], department: row["department"],
                          coDepartments: co.split(separator: ";").map(String.init), lead: row["lead"],
                          deadlineHours: row["deadline_hours"], batch: row["batch"])
        }
        return Catalogue(version: version, departments: departments, matters: matters)
    }
}
