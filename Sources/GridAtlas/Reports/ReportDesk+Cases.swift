import Foundation
import GridDomain
import GridStore

extension ReportDesk {
    /// Moves a case one step, checking in the same transaction that the step is allowed from the
    /// state the case is in now, and that `actor` may take it: dispatchers and above move any
    /// case; a citizen may only reopen its own handled or closed report (反馈: it disputes the result).
    public func move(_ id: Int64, _ move: CaseMove, by actor: CaseActor, now: Date = Date()) throws -> Report {
        let workerName = try check(move)
        let at = Dates.milliseconds(now)
        let moved: Report, event: CaseEvent
        do {
            (moved, event) = try store.moveCase(id: id) { current in
                if !actor.role.allows(.viewer) && current.filedBy != actor.id { throw ReportError.notFound(id) }
                return try Self.step(current, move, by: actor, at: at, workerName: workerName)
            }
        } catch CaseStoreError.notFound(let missing) {
            throw ReportError.notFound(missing)
        }
        announce(.moved(moved, event))
        return try narrowingLinks(moved, for: actor)
    }

    /// Checks what a move names beyond the state (its note, department and worker) against the
    /// rules, catalogue and roster; returns the worker's name when it names one.
    func check(_ move: CaseMove) throws -> String? {
        if let note = move.note, note.count > rules.maxDescription {
            throw ReportError.tooLong(field: "note", length: note.count, limit: rules.maxDescription)
        }
        if let note = move.note, let problem = TextRule.freeText(maxCharacters: rules.maxDescription).problem(with: note) {
            throw ReportError.badField("note", problem)
        }
        if let department = move.department {
            guard move.to == .dispatched else { throw ReportError.badField("department", "is given only when dispatching or transferring") }
            guard try catalogue().department(department) != nil else { throw ReportError.unknownDepartment(department) }
        }
        guard let workerId = move.workerId else { return nil }
        guard move.to == .dispatched else { throw ReportError.badField("worker_id", "is given only when dispatching") }
        guard let entry = try atlas.roster().entries(ofWorker: workerId).first else { throw ReportError.unknownWorker(workerId) }
        return entry.name
    }

    /// One step of a case, decided on the report as it stands: whether `actor` may take it and
    /// the case's state allows it, and what changes (state, notes, department, worker, closing
    /// time). The same rule for a live move and for a history replayed at intake
    /// (``fileHistory(_:by:)``), so a demo or migrated history holds only steps the desk allows.
    static func step(_ current: Report, _ move: CaseMove, by actor: CaseActor, at: Date, workerName: String?) throws -> (Report, CaseEvent) {
        try permit(actor, current, move.to)
        guard current.state.allows(move.to) else { throw ReportError.illegalTransition(id: current.id, from: current.state, to: move.to) }
        var next = current
        next.state = move.to
        next.updatedAt = at
        if let note = move.note, !note.isEmpty { next.statusNotes = note }
        if let department = move.department { next.department = department }
        if let workerId = move.workerId {
            next.workerId = workerId
            next.workerName = workerName
        }
        if move.to == .dispatched && next.workerId != nil { next.manualDispatch = false }
        switch move.to {
        case .closed: next.closedAt = at
        case .reopened: next.closedAt = nil
        default: break
        }
        let event = CaseEvent(reportId: current.id, from: current.state, to: move.to, actor: actor.id, role: actor.role.rawValue, at: at,
                              note: move.note, department: move.department, workerId: move.workerId)
        return (next, event)
    }

    static func permit(_ actor: CaseActor, _ report: Report, _ target: CaseState) throws {
        if actor.role.allows(.dispatcher) { return }
        if actor.role == .citizen && report.filedBy == actor.id && target == .reopened && [.handled, .closed].contains(report.state) {
            return
        }
        let reason = actor.role == .citizen
            ? "citizens may only reopen their own handled or closed reports"
            : "moving cases needs a dispatcher key or above"
        throw ReportError.notPermitted(role: actor.role, to: target, reason: reason)
    }
}
