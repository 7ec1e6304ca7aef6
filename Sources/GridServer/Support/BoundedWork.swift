import Dispatch
import Foundation

/// Runs a heavy synchronous question (GEOS overlays, density over a city) on a Dispatch worker,
/// off Swift's cooperative pool and the event loops, and stops waiting for it after a deadline.
///
/// GEOS cannot be interrupted, so a question past its deadline finishes in the background and
/// its answer is dropped; the client gets a 503 naming the limit instead of a hung connection.
enum BoundedWork {
    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(with: Result { try work() })
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw Problem(.serviceUnavailable, "the question took longer than the server's limit of \(seconds) s; narrow it (smaller bbox, one tier, simpler geometry)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
