import GridDomain

/// The responsible worker of a grid for a context, asked of the roster once per grid and period
/// of that grid's own roster. Contexts split by the roster's periods (see ``AnswerContexts``)
/// multiply with every date on which any grid changed workers; a grid's answer changes only on
/// its own dates, so most of them share it.
struct WorkerCache {
    private struct Key: Hashable {
        var code: String
        var period: Int
    }

    private var known: [Key: RosterEntry?] = [:]

    mutating func responsible(for code: String, in context: AnswerContext) -> RosterEntry? {
        let key = Key(code: code, period: context.roster.period(of: context.moment, unit: code))
        if let cached = known[key] { return cached }
        let worker = context.roster.responsible(for: code, at: context.moment)
        known[key] = worker
        return worker
    }
}
