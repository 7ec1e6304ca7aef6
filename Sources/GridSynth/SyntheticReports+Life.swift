import Foundation
import GridDomain

/// When reports are made: a span of days ending at the history's end, weighted by season (more
/// in the rainy summer, fewest around the Spring Festival), by weekday (fewer patrols at
/// weekends) and by hour (office hours, almost nothing at night), in China time.
struct ReportClock {
    let start: Date
    let end: Date
    private let seed: UInt64
    private let calendar: Calendar

    /// Relative weight of each calendar month, January first.
    private static let season = [0.75, 0.55, 0.85, 0.95, 1.1, 1.3, 1.4, 1.35, 1.15, 1.0, 0.9, 0.8]
    /// Relative weight of each hour of the day, midnight first.
    private static let hours = [0.06, 0.04, 0.03, 0.03, 0.04, 0.08, 0.2, 0.45, 0.8, 1.0, 1.0, 0.9,
                                0.6, 0.55, 0.85, 0.95, 0.9, 0.75, 0.55, 0.5, 0.45, 0.35, 0.2, 0.1]
    /// The largest weight `weight(at:)` can give: season × month jitter.
    private static let ceiling = 1.4 * 1.15

    init(end: Date, days: Int, seed: UInt64) {
        self.end = end
        start = end.addingTimeInterval(-Double(days) * 86400)
        self.seed = seed
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Dates.chinaOffsetSeconds)!
        self.calendar = calendar
    }

    /// A moment anywhere in the span.
    func moment(_ rng: inout SplitMix) -> Date { draw(from: start, to: end, &rng) }

    /// A sampler of moments in `[from, to)`, weighted as the whole span is.
    func within(from: Date, to: Date) -> (inout SplitMix) -> Date {
        { rng in draw(from: from, to: to, &rng) }
    }

    /// Rejection sampling: uniform moments kept with probability weight ÷ ceiling.
    private func draw(from: Date, to: Date, _ rng: inout SplitMix) -> Date {
        guard from < to else { return Dates.milliseconds(to) }
        let length = to.timeIntervalSince(from)
        while true {
            let t = from.addingTimeInterval(rng.unit() * length)
            if rng.unit() * Self.ceiling < weight(at: t) { return Dates.milliseconds(t) }
        }
    }

    func weight(at t: Date) -> Double {
        let parts = calendar.dateComponents([.year, .month, .weekday, .hour], from: t)
        let month = parts.month! - 1
        // Each month of each year gets its own ±15 %, so two years' Julys differ as real ones do.
        var jitter = SplitMix.derived(seed, 2, parts.year! * 12 + month)
        let weekend = parts.weekday == 1 || parts.weekday == 7
        return Self.season[month] * (0.85 + 0.3 * jitter.unit()) * (weekend ? 0.75 : 1) * Self.hours[parts.hour!]
    }
}

/// How cases go: accepted within the hour or so, dispatched, handled and verified within the
/// matter's deadline mostly; some late, a few rejected, transferred to a co-department or
/// reopened by the citizen. Steps after the history's end are left out, so recent cases stay
/// open in whatever state they had reached.
struct CaseLives {
    let config: SyntheticReports.Config
    let clock: ReportClock

    private static let minute = 60.0
    private static let hour = 3600.0

    /// When intake got the report: a phone's seconds, or a worker's terminal syncing late.
    func arrival(of requestedAt: Date, source: String, _ rng: inout SplitMix) -> Date {
        let lateSync = source == "worker" && rng.unit() < 0.2
        let delay = lateSync ? uniform(5 * Self.minute, 2 * Self.hour, &rng) : uniform(2, 60, &rng)
        return Dates.milliseconds(min(requestedAt.addingTimeInterval(delay), config.end))
    }

    func steps(requestedAt: Date, receivedAt: Date, matter: Matter, canReject: Bool, _ rng: inout SplitMix) -> [SyntheticReports.Step] {
        var steps: [SyntheticReports.Step] = []
        func add(_ to: CaseState, _ at: Date, _ note: String, department: String? = nil) {
            steps.append(SyntheticReports.Step(to: to, at: Dates.milliseconds(at), note: note, department: department))
        }
        let earliest = receivedAt.addingTimeInterval(Self.minute)
        if canReject && rng.unit() < config.rejectedShare {
            let reason = Self.rejections[Int(rng.next() % UInt64(Self.rejections.count))]
            if rng.unit() < 0.5 {
                add(.rejected, max(requestedAt.addingTimeInterval(uniform(10 * Self.minute, 6 * Self.hour, &rng)), earliest), reason)
            } else {
                let accepted = max(requestedAt.addingTimeInterval(uniform(5 * Self.minute, Self.hour, &rng)), earliest)
                add(.accepted, accepted, "受理")
                add(.rejected, accepted.addingTimeInterval(uniform(30 * Self.minute, 24 * Self.hour, &rng)), "经核实不属于本部门职责，" + reason)
            }
            return cut(steps)
        }

        // The time to closing: a share of the deadline when on time, past it when late.
        let deadline = Double(matter.deadlineHours) * Self.hour
        let late = rng.unit() < config.overdueShare
        let span = deadline * (late ? uniform(1.1, 2.2, &rng) : uniform(0.25, 0.9, &rng))
        // The first steps take minutes to hours (a busy evening's reports wait for the morning
        // shift), but never most of a short deadline.
        let wait = rng.unit() < 0.15 ? uniform(Self.hour, 8 * Self.hour, &rng) : uniform(5 * Self.minute, Self.hour, &rng)
        var t = max(requestedAt.addingTimeInterval(min(wait, span * uniform(0.05, 0.25, &rng))), earliest)
        add(.accepted, t, "属实，予以受理")
        t += max(Self.minute, min(uniform(10 * Self.minute, 3 * Self.hour, &rng), span * uniform(0.03, 0.1, &rng)))
        add(.dispatched, t, "派遣至责任部门")
        let others = matter.coDepartments.filter { $0 != matter.lead }.sorted()
        let gap = max(2 * Self.minute, min(uniform(20 * Self.minute, 24 * Self.hour, &rng), span * uniform(0.05, 0.2, &rng)))
        if !others.isEmpty && rng.unit() < 0.25 {
            let to = others[Int(rng.next() % UInt64(others.count))]
            add(.dispatched, t.addingTimeInterval(gap * uniform(0.2, 0.6, &rng)), "职责不符，流转至协办部门", department: to)
        }
        t += gap
        add(.inProgress, t, "已到场处置")
        let remaining = max(10 * Self.minute, requestedAt.addingTimeInterval(span).timeIntervalSince(t))
        add(.handled, t.addingTimeInterval(remaining * uniform(0.55, 0.9, &rng)), "已处置完毕，待核查")
        t += remaining
        add(.closed, t, "核查属实，结案")
        // One late case in eight is not closed at all: it stalls on the way and stays open past
        // its deadline (what the figures count as overdue).
        if late && rng.unit() < 0.125 {
            return cut(Array(steps.prefix(2 + Int(rng.next() % UInt64(steps.count - 2)))))
        }

        if rng.unit() < config.reopenedShare {
            t += uniform(2 * Self.hour, 72 * Self.hour, &rng)
            add(.reopened, t, "群众反馈问题仍未解决")
            t += uniform(15 * Self.minute, 3 * Self.hour, &rng)
            add(.dispatched, t, "重新派遣")
            t += uniform(30 * Self.minute, 12 * Self.hour, &rng)
            add(.inProgress, t, "再次到场处置")
            t += uniform(2 * Self.hour, 48 * Self.hour, &rng)
            add(.handled, t, "已整改，待核查")
            t += uniform(Self.hour, 24 * Self.hour, &rng)
            add(.closed, t, "回访满意，结案")
        }
        return cut(steps)
    }

    /// The steps taken by the history's end.
    private func cut(_ steps: [SyntheticReports.Step]) -> [SyntheticReports.Step] {
        Array(steps.prefix { $0.at <= config.end })
    }

    private func uniform(_ low: Double, _ high: Double, _ rng: inout SplitMix) -> Double {
        low + (high - low) * rng.unit()
    }

    private static let rejections = ["不属于受理范围", "重复上报", "现场核实无此问题", "信息不全，无法核实"]
}
