import Synchronization

/// How many heavy questions (overlays, diffs, topology checks, batches, exports) run at once.
///
/// Each holds a core for up to the query time limit; without a gate eight diffs of a city took
/// both cores and `/health` waited 7.7 s behind them. `running` may run, `waiting` more wait in
/// arrival order for a free place, and any beyond those are answered 503 at once with
/// `Retry-After`: better a quick "come back" than a queue that grows faster than it drains.
public final class HeavyWorkGate: Sendable {
    public let running: Int
    public let waiting: Int
    private let state = Mutex(State())

    private struct State {
        var active = 0
        var queue: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var nextId = 0
    }

    public init(running: Int, waiting: Int) {
        self.running = max(1, running)
        self.waiting = max(0, waiting)
    }

    /// A place held until ``Pass/leave()``.
    public struct Pass: Sendable {
        let gate: HeavyWorkGate
        public func leave() { gate.release() }
    }

    /// Waits for a place, or throws a 503 problem when every place and every waiting slot is taken.
    func enter() async throws -> Pass {
        enum Admission { case now, queued, refused }
        let admission: Admission = state.withLock { state in
            if state.active < running { state.active += 1; return .now }
            return state.queue.count < waiting ? .queued : .refused
        }
        switch admission {
        case .now: return Pass(gate: self)
        case .refused:
            throw Problem(.serviceUnavailable, "the server is busy with \(running) heavy questions and \(waiting) waiting; try again shortly")
                .retrying(after: 2)
        case .queued:
            await withCheckedContinuation { continuation in
                let admitted: Bool = state.withLock { state in
                    // A place may have freed between the two locks.
                    if state.active < running { state.active += 1; return true }
                    state.queue.append((state.nextId, continuation))
                    state.nextId += 1
                    return false
                }
                if admitted { continuation.resume() }
            }
            return Pass(gate: self)
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            // The place passes straight to the first waiter: `active` stays as it is.
            if !state.queue.isEmpty { return state.queue.removeFirst().continuation }
            state.active -= 1
            return nil
        }
        next?.resume()
    }

    /// Questions running now, and waiting (for /metrics and tests).
    public var load: (running: Int, waiting: Int) {
        state.withLock { ($0.active, $0.queue.count) }
    }
}
