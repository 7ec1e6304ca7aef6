import Dispatch
import Foundation
import GridDomain
import GridStore

/// Files reports arriving at once in one transaction: a single writer drains everything queued
/// while it was busy, and hands each submitter its own result.
///
/// SQLite commits one transaction at a time, and a commit costs far more than an insert (a report
/// touches eight index pages): one commit per report capped intake near 2,000/s on this machine.
/// With many phones posting at once, a commit now carries every report that queued behind the
/// previous one. A lone report is written at once: nothing waits for a batch to fill. Submitters
/// never hold a thread while they wait (the HTTP route awaits a continuation), so the number of
/// requests in flight is not bounded by a thread pool.
final class GroupCommit: @unchecked Sendable {
    private let store: GridStore
    private let duplicates: DuplicateRule?
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var queue: [Ticket] = []
    private var draining = false
    private let writer = DispatchQueue(label: "gridatlas.intake.writer")
    /// A bound on one transaction, so a burst does not hold the write lock for long.
    private let maxBatch = 512

    private struct Ticket {
        let report: Report
        let event: CaseEvent
        let done: @Sendable (Result<Report, any Error>) -> Void
    }

    init(store: GridStore, duplicates: DuplicateRule?) {
        self.store = store
        self.duplicates = duplicates
    }

    func file(_ report: Report, event: CaseEvent) async throws -> Report {
        try await withCheckedThrowingContinuation { continuation in
            submit(report, event) { continuation.resume(with: $0) }
        }
    }

    /// The blocking form, for the command line and benchmarks.
    func fileWaiting(_ report: Report, event: CaseEvent) throws -> Report {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(report, event) { result in
            box.result = result
            semaphore.signal()
        }
        semaphore.wait()
        return try box.result!.get()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<Report, any Error>?
    }

    private func submit(_ report: Report, _ event: CaseEvent, done: @escaping @Sendable (Result<Report, any Error>) -> Void) {
        lock.lock()
        queue.append(Ticket(report: report, event: event, done: done))
        let start = !draining
        draining = true
        lock.unlock()
        if start { writer.async { self.drain() } }
    }

    private func drain() {
        while true {
            lock.lock()
            guard !queue.isEmpty else {
                draining = false
                lock.unlock()
                return
            }
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            lock.unlock()
            let results: [Result<Report, any Error>]
            do {
                results = try store.fileReports(batch.map { ($0.report, $0.event) }, duplicates: duplicates)
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (ticket, result) in zip(batch, results) { ticket.done(result) }
        }
    }
}
