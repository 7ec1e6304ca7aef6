import Foundation
import GridDomain
import GridStore

/// A case that already happened: the report as it was made (with its own `requestedAt`), when
/// intake got it, and the steps taken since, each at its own time. A demo history, or cases
/// moved over from another system.
public struct PastCase: Sendable {
    public struct TimedMove: Sendable {
        public var move: CaseMove
        public var at: Date

        public init(_ move: CaseMove, at: Date) {
            self.move = move
            self.at = at
        }
    }

    public var draft: ReportDraft
    public var receivedAt: Date
    public var moves: [TimedMove]

    public init(draft: ReportDraft, receivedAt: Date, moves: [TimedMove]) {
        self.draft = draft
        self.receivedAt = receivedAt
        self.moves = moves
    }
}

/// A past case the desk refused, with its place in the list (from 1).
public struct PastCaseError: Error, CustomStringConvertible {
    public var position: Int
    public var reason: any Error

    public var description: String { "case \(position): \(reason)" }
}

extension ReportDesk {
    /// Files past cases with their whole history, as if each had been filed at its moment and
    /// moved step by step then: intake routes the report at `receivedAt` (the grid, generation
    /// and roster of `requestedAt`), and every step goes through the same rule as a live
    /// ``move(_:_:by:now:)``. Steps must be in time order, none before intake.
    ///
    /// Everything is checked before anything is written, then stored in one transaction: a
    /// refused case (a ``PastCaseError`` naming it) leaves the store as it was. Observers are not
    /// told (this is a load, not live intake): recorded warning levels catch up at the next
    /// sweep.
    @discardableResult
    public func fileHistory(_ cases: [PastCase], by actor: CaseActor) throws -> [Report] {
        var replayed: [(report: Report, history: [CaseEvent])] = []
        replayed.reserveCapacity(cases.count)
        for (index, past) in cases.enumerated() {
            do {
                replayed.append(try replay(past, by: actor))
            } catch {
                throw PastCaseError(position: index + 1, reason: error)
            }
        }
        return try store.importCases(replayed)
    }

    private func replay(_ past: PastCase, by actor: CaseActor) throws -> (report: Report, history: [CaseEvent]) {
        var report = try route(past.draft, by: actor, now: past.receivedAt)
        var history = [Self.intakeEvent(report, by: actor)]
        for timed in past.moves {
            let at = Dates.milliseconds(timed.at)
            guard at >= history[history.count - 1].at else {
                throw ReportError.badField("at", "the step to \(timed.move.to) at \(Dates.format(at)) comes before the step it follows")
            }
            let workerName = try check(timed.move)
            let event: CaseEvent
            (report, event) = try Self.step(report, timed.move, by: actor, at: at, workerName: workerName)
            history.append(event)
        }
        return (report, history)
    }
}
