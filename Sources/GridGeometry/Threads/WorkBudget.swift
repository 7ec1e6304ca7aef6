import Synchronization

/// The time one request's heavy work may take, checked by the work itself.
///
/// GEOS cannot be interrupted in the middle of an overlay, so a timer beside the work only stops
/// the waiting: the server answered 503 while the work ran on and held a core (eight diffs of a
/// city ran for 11 s after their 503s). Instead the long loops (overlaps of a diff, families of
/// a topology check, candidates of an intersection query) ask ``shouldStop`` between items and
/// return at once when the budget is spent.
///
/// The rule that makes stopping early safe: a budget exists only inside the server's bounded
/// work, which throws away whatever the work returns once its budget is spent and answers 503.
/// A loop that stops may therefore return a partial result; nothing reads it. The command line
/// runs without a budget, and nothing stops.
public final class WorkBudget: Sendable {
    public let seconds: Double
    private let deadline: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)

    public init(seconds: Double) {
        self.seconds = seconds
        deadline = .now.advanced(by: .nanoseconds(Int64(min(max(seconds, 0), 1e9) * 1e9)))
    }

    /// Spends the budget now: the client went away, or the answer is no longer wanted.
    public func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    public var isSpent: Bool {
        cancelled.load(ordering: .relaxed) || ContinuousClock.now >= deadline
    }

    /// The budget of the work running on this thread (bound by ``run(_:)``), nil outside any.
    @TaskLocal public static var current: WorkBudget?

    /// True when the work on this thread has a budget and it is spent. Threads a loop starts
    /// itself (`concurrentPerform`) do not inherit the binding: read ``current`` before and
    /// ask the budget itself inside.
    public static var shouldStop: Bool { current?.isSpent ?? false }

    /// Runs `body` with this budget bound to the thread.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        try Self.$current.withValue(self, operation: body)
    }
}
