import Foundation
import GridAtlas
import GridStore
import Synchronization

/// The keys the server accepts: every stored key, kept in memory with the store's change
/// counter for keys (``StoreChanges/keys``) it was read under, so that a request does not read
/// the database to check its key.
///
/// - A key revoked through this server (`DELETE /keys/{id}`) is refused from the moment the
///   revocation answers: the route reads the counters again before answering (``revoked(_:)``).
/// - A key revoked by another process (`gridatlas keys revoke`) is refused from within
///   ``StoreWatch/defaultInterval``, when the counter is next read.
/// - A key unknown to the memory is looked up in the store before it is refused, so a key made
///   by another process works at once. That lookup is one read by primary key; made-up ids cost
///   it each time, as a wrong password costs a check.
final class KeyRing: Sendable {
    private let store: GridStore
    private let changes: StoreWatch
    private let state = Mutex<(version: Int64, keys: [String: APIKey])?>(nil)

    init(store: GridStore, changes: StoreWatch) {
        self.store = store
        self.changes = changes
    }

    enum Verdict: Equatable {
        case valid(APIKey)
        case unknown
        case revoked
    }

    /// Checks a presented secret against the stored digests.
    func verify(_ secret: String) throws -> Verdict {
        guard let id = APIKey.id(inSecret: secret) else { return .unknown }
        guard let key = try keys()[id] ?? store.key(id: id), key.matches(secret) else { return .unknown }
        return key.isRevoked ? .revoked : .valid(key)
    }

    /// After this server revoked a key: the counters are read again before the revocation
    /// answers, so every request checked after it reloads the keys and finds the key revoked.
    func revoked() throws {
        try changes.refresh()
    }

    private func keys() throws -> [String: APIKey] {
        let version = try changes.current().keys
        if let known = state.withLock({ $0 }), known.version == version { return known.keys }
        let fresh = Dictionary(try store.keys().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        state.withLock { $0 = (version, fresh) }
        return fresh
    }
}
