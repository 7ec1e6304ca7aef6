import Foundation
import GridStore
import Synchronization

/// The keys the server accepts, read from the store and re-read at most once a second, so a key
/// revoked with the CLI while the server runs is refused within a second, without a database
/// read on every request. A key made meanwhile works at once.
final class KeyRing: Sendable {
    private let store: GridStore
    private let refreshInterval: Duration
    private let state = Mutex(State())

    private struct State {
        var keys: [String: APIKey] = [:]
        var loadedAt: ContinuousClock.Instant?
    }

    init(store: GridStore, refreshInterval: Duration = .seconds(1)) {
        self.store = store
        self.refreshInterval = refreshInterval
    }

    enum Verdict: Equatable {
        case valid(APIKey)
        case unknown
        case revoked
    }

    /// Checks a presented secret against the stored digests.
    func verify(_ secret: String) throws -> Verdict {
        guard let id = APIKey.id(inSecret: secret) else { return .unknown }
        // A key made since the last read is looked for at once (at most four reads a second,
        // so made-up ids cannot turn into a database read per request).
        guard let key = try keys(maxAge: refreshInterval)[id] ?? keys(maxAge: .milliseconds(250))[id],
              key.matches(secret) else { return .unknown }
        return key.isRevoked ? .revoked : .valid(key)
    }

    private func keys(maxAge: Duration) throws -> [String: APIKey] {
        let now = ContinuousClock.now
        if let cached = state.withLock({ state in
            state.loadedAt.map { now - $0 < maxAge } == true ? state.keys : nil
        }) {
            return cached
        }
        let fresh = Dictionary(try store.keys().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        state.withLock { $0 = State(keys: fresh, loadedAt: now) }
        return fresh
    }
}
