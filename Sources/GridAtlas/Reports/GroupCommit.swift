import Foundation
import GridDomain
import GridStore

/// Files reports arriving at once in one transaction: the first caller to find the store idle
/// writes everything queued meanwhile and hands each caller its own result.
///
/// SQLite commits one transaction at a time, and a commit costs far more than an insert (the
/// report touches eight index pages): one commit per report capped intake near 4,000/s here.
/// With many phones posting at once, a commit now carries every report that queued behind the
/// previous one. A lone caller still gets its own transaction at once: nothing waits for a batch.
final class GroupCommit: @unchecked Sendable {
    private let store: GridStore
    private let duplicates: DuplicateRule?
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [Ticket] = []
    private var writing = false
    /// A bound on one transaction, so a burst does not hold the write lock for long.
    private let maxBatch = 512

    final class Ticket {
        let report: Report
        let event: CaseEvent
        var result: Result<Report, any Error>?
        init(_ report: Report, _ event: CaseEvent) {
            self.report = report
            self.event = event
        }
    }

    init(store: GridStore, duplicates: DuplicateRule?) {
        self.store = store
        self.duplicates = duplicates
    }

    func file(_ report: Report, event: CaseEvent) throws -> Report {
        let ticket = Ticket(report, event)
        condition.lock()
        queue.append(ticket)
        while true {
            if let result = ticket.result {
                condition.unlock()
                return try result.get()
            }
            if writing {
                condition.wait()
                continue
            }
            writing = true
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            condition.unlock()
            let results: [Result<Report, any Error>]
            do {
                results = try store.fileReports(batch.map { ($0.report, $0.event) }, duplicates: duplicates)
            } catch {
                results = Array(repeating: .failure(error), count: batch.count)
            }
            condition.lock()
            for (ticket, result) in zip(batch, results) { ticket.result = result }
            writing = false
            condition.broadcast()
        }
    }
}
