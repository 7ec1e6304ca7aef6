import GridDomain
import Synchronization

/// The ``GenerationView``s an ``Atlas`` has built: published generations for good (their units
/// never change), drafts with the store fingerprint they were built from, like the Locators.
final class GenerationViewCache: Sendable {
    private struct State {
        var published: [Int64: GenerationView] = [:]
        var drafts: [Int64: (fingerprint: String, view: GenerationView)] = [:]
    }

    private let state = Mutex(State())

    func published(_ id: Int64) -> GenerationView? { state.withLock { $0.published[id] } }

    func draft(_ id: Int64, fingerprint: String) -> GenerationView? {
        state.withLock { state in
            guard let entry = state.drafts[id], entry.fingerprint == fingerprint else { return nil }
            return entry.view
        }
    }

    /// Keeps `view` unless another thread kept one first; returns the one kept, so every caller
    /// shares one object.
    func keep(_ view: GenerationView, published id: Int64) -> GenerationView {
        state.withLock { state in
            if let first = state.published[id] { return first }
            state.published[id] = view
            return view
        }
    }

    func keep(_ view: GenerationView, draft id: Int64, fingerprint: String) {
        state.withLock { $0.drafts[id] = (fingerprint, view) }
    }
}
