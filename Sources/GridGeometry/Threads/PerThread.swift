import Dispatch
import Synchronization

/// Work spread over threads, each thread with a context of its own: a GEOS context, a PROJ
/// converter, any handle that one thread at a time may use.
///
/// The contexts are made one after another on the calling thread before any work starts
/// (ENGINEERING.md: GEOS contexts made concurrently race in its lazy initialisation), each is used
/// by one thread only, and nothing made from a context leaves `body`, which returns plain Swift
/// values. Items are handed out in index order as threads free up, so putting the costliest
/// first keeps the last one to finish small.
public enum PerThread {
    /// `body(context, k)` for every k in 0..<count, on up to `threads` threads; the results in
    /// index order.
    public static func map<Context, T: Sendable>(_ count: Int, threads: Int, context make: () throws -> Context,
                                                 _ body: @Sendable (Context, Int) -> T) rethrows -> [T] {
        guard count > 0 else { return [] }
        let workers = try (0..<max(1, min(threads, count))).map { _ in Worker<Context, T>(try make()) }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers.count) { w in
            let worker = workers[w]
            while true {
                let k = next.add(1, ordering: .relaxed).oldValue
                guard k < count else { break }
                worker.results.append((k, body(worker.context, k)))
            }
        }
        var ordered = [T?](repeating: nil, count: count)
        for worker in workers {
            for (k, value) in worker.results { ordered[k] = value }
        }
        return ordered.map { $0! }
    }

    /// GEOS work: a context per thread.
    public static func geos<T: Sendable>(_ count: Int, threads: Int, _ body: @Sendable (GEOSContext, Int) -> T) -> [T] {
        map(count, threads: threads, context: { GEOSContext() }, body)
    }

    /// One thread's context and results. `@unchecked Sendable` because the array of workers is
    /// shared by the threads of one `concurrentPerform`, but worker `w` is only ever touched by
    /// iteration `w`, and read by the caller after all iterations have returned.
    private final class Worker<Context, T>: @unchecked Sendable {
        let context: Context
        var results: [(Int, T)] = []

        init(_ context: Context) {
            self.context = context
        }
    }
}
