import Foundation
import GRDB

struct APIKeyRecord: StoredRecord {
    static let databaseTableName = "api_key"
    var id: String
    var name: String
    var role: String
    var secretSha256: String
    var createdAt: Date
    var revokedAt: Date?

    init(_ key: APIKey) {
        id = key.id
        name = key.name
        role = key.role.rawValue
        secretSha256 = key.secretSHA256
        createdAt = key.createdAt
        revokedAt = key.revokedAt
    }

    var key: APIKey {
        APIKey(id: id, name: name, role: AccessRole(rawValue: role) ?? .viewer, secretSHA256: secretSha256,
               createdAt: createdAt, revokedAt: revokedAt)
    }
}

extension GridStore {
    /// Makes a key for `name` with `role`; returns it with the secret, which is not kept.
    public func createKey(name: String, role: AccessRole) throws -> (key: APIKey, secret: String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError.badKeyName }
        let made = APIKey.make(name: trimmed, role: role)
        try pool.write { db in try APIKeyRecord(made.key).insert(db) }
        return made
    }

    /// Every key, revoked ones included (they stay as a record of who had access).
    public func keys() throws -> [APIKey] {
        try pool.read { db in try APIKeyRecord.order(Column("created_at"), Column("id")).fetchAll(db).map(\.key) }
    }

    /// One key by id, revoked or not; nil when no key has that id.
    public func key(id: String) throws -> APIKey? {
        try pool.read { db in try APIKeyRecord.fetchOne(db, key: id)?.key }
    }

    /// Revokes a key by id; revoking twice keeps the first moment.
    @discardableResult
    public func revokeKey(id: String, now: Date = Date()) throws -> APIKey {
        try pool.write { db in
            guard var record = try APIKeyRecord.fetchOne(db, key: id) else { throw StoreError.keyNotFound(id) }
            if record.revokedAt == nil {
                record.revokedAt = now
                try record.update(db)
            }
            return record.key
        }
    }
}
