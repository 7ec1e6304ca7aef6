import GridStore
import Synchronization

/// Tells the caches of a process whether the store has changed under them: the store's change
/// counters (``GridStore/changes()``), read again when the last reading is older than
/// `interval`, on the request that needs them, or at once after a write of this process.
///
/// Why on request rather than on a timer: the promise is about answers. A request that starts
/// `interval` or more after a commit finds a reading older than the commit, reads the counters
/// itself, and so answers from the new state, however busy the machine is; a timer task can be
/// late on two loaded cores. An idle server reads nothing.
///
/// A cache keeps the counter it read *before* loading its data: a write landing in between makes
/// the counter differ at the next look, and the data is loaded again rather than kept stale.
public final class StoreWatch: Sendable {
    /// How old a reading of the counters may be when a request uses it.
    public static let defaultInterval: Duration = .milliseconds(100)

    private let store: GridStore
    private let interval: Duration
    private let state = Mutex(State())

    private struct State {
        var seen: StoreChanges?
        var lookedAt: ContinuousClock.Instant?
    }

    public init(store: GridStore, interval: Duration = StoreWatch.defaultInterval) {
        self.store = store
        self.interval = interval
    }

    /// The counters as read at most `interval` ago. Reads them (one query of a few rows on a
    /// connection of their own) when the last reading is older; concurrent callers wait for that
    /// one reading rather than each making their own.
    public func current() throws -> StoreChanges {
        try look(maxAge: interval)
    }

    /// Reads the counters now: after a write of this process, so that its next answer, on any
    /// thread, sees the write (a key revoked is refused from the moment the revocation answers).
    @discardableResult
    public func refresh() throws -> StoreChanges {
        try look(maxAge: .zero)
    }

    private func look(maxAge: Duration) throws -> StoreChanges {
        let asked = ContinuousClock.now
        return try state.withLock { state throws -> StoreChanges in
            // A reading begun after this call began is as good as one of our own: a caller that
            // waited for the lock while another looked uses that look. Readings are dated when
            // they begin, so one begun before a write is never taken for one after it.
            if let seen = state.seen, let at = state.lookedAt, at >= asked || asked - at < maxAge { return seen }
            let begun = ContinuousClock.now
            let fresh = try store.changes()
            state = State(seen: fresh, lookedAt: begun)
            return fresh
        }
    }
}
