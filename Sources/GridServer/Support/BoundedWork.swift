import Dispatch
import Foundation
import GridGeometry

/// Runs a heavy synchronous question (GEOS overlays, density over a city) on a Dispatch worker,
/// off Swift's cooperative pool and the event loops, under a ``WorkBudget``.
///
/// At the deadline the client gets a 503 with `Retry-After`, and the work, which checks the same
/// budget inside its loops, stops within one item (one overlay, one family) instead of running
/// on. Whatever it returns once the budget is spent is dropped, even when it comes back before
/// the timer: a loop that stopped early may have returned a partial answer.
///
/// Heavy questions first pass a ``HeavyWorkGate``: a few run at once, a few more wait, and the
/// rest are told at once to come back, so that a flood of them leaves the cores to `/health`
/// and single lookups.
enum BoundedWork {
    static func run<T: Sendable>(seconds: Double, gate: HeavyWorkGate? = nil, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let pass = try await gate?.enter()
        defer { pass?.leave() }
        let budget = WorkBudget(seconds: seconds)
        defer { budget.cancel() }
        let overBudget = Problem(.serviceUnavailable, "the question took longer than the server's limit of \(seconds) s; narrow it (smaller bbox, one tier, simpler geometry)")
            .retrying(after: 5)
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async {
                        continuation.resume(with: Result {
                            let answer = try budget.run(work)
                            if budget.isSpent { throw overBudget }
                            return answer
                        })
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                budget.cancel()
                throw overBudget
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
