import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore

/// Reports filed through the desk at known places, times and matters, for the figure tests. The
/// expectations are computed from the reports as `desk.file` and `desk.move` returned them (the
/// codes intake decided), never by asking the store the figures' own questions.
enum FigureSeed {
    /// Seven grids over four communities and three subdistricts; 450299001001004 has micro-areas.
    static let grids = ["450299001001001", "450299001001002", "450299001001004", "450299001002001",
                        "450299003003006", "450299003008005", "450299100206003"]
    /// Five departments; M018's lead is another department than its own (order, not migrant);
    /// deadlines from 4 h (M022) to 168 h (M015).
    static let matters = ["M001", "M009", "M015", "M019", "M035", "M018", "M022"]
    static let from = Dates.parse("2026-09-01")!
    static let to = Dates.parse("2026-10-01")!
    static let window = FigureWindow(from: from, to: to)
    static let dispatcher = CaseActor(id: "k-dispatch", role: .dispatcher)

    /// A fixed pseudo-random pattern: a 64-bit LCG (Knuth's MMIX constants), deliberately not the
    /// generator the spot check uses.
    struct Pattern {
        var state: UInt64

        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    /// `count` reports over 75 days before `to` (so in the window, the previous 30 days and
    /// before), every tenth one after `to`, each within ~50 m of a grid's interior point; plus one
    /// outside every grid in the window.
    static func file(_ desk: ReportDesk, count: Int = 60, seed: UInt64 = 7) throws -> [Report] {
        var pattern = Pattern(state: seed)
        var points: [String: LonLat] = [:]
        for grid in grids { points[grid] = try DemoFiles.interiorPoint(of: grid, in: desk.atlas) }
        var filed: [Report] = []
        for i in 0..<count {
            let grid = grids[pattern.next(grids.count)]
            let matter = matters[pattern.next(matters.count)]
            let minutes = pattern.next(75 * 24 * 60)
            let at = i % 10 == 9 ? to.addingTimeInterval(Double(minutes % (20 * 24 * 60)) * 60)
                                 : to.addingTimeInterval(-Double(minutes + 1) * 60)
            let p = points[grid]!
            let jitter = LonLat(Double(pattern.next(1001) - 500) * 1e-6, Double(pattern.next(1001) - 500) * 1e-6)
            filed.append(try file(desk, matter, LonLat(p.lon + jitter.lon, p.lat + jitter.lat), at: at))
        }
        filed.append(try file(desk, "M001", LonLat(108.0, 24.0), at: from.addingTimeInterval(86_400)))
        return filed
    }

    static func file(_ desk: ReportDesk, _ matter: String, _ position: LonLat, at: Date) throws -> Report {
        var draft = ReportDraft(matterCode: matter, position: position)
        draft.requestedAt = at
        return try desk.file(draft, by: dispatcher)
    }

    /// Moves a case through every step to closed, closing it at `closedAt`.
    static func close(_ desk: ReportDesk, _ report: Report, at closedAt: Date) throws -> Report {
        var t = report.requestedAt
        var moved = report
        for state in [CaseState.accepted, .dispatched, .inProgress, .handled, .closed] {
            t = state == .closed ? closedAt : t.addingTimeInterval(60)
            moved = try desk.move(report.id, CaseMove(to: state), by: dispatcher, now: t)
        }
        return moved
    }

    /// Reports requested in `[from, to)`.
    static func within(_ reports: [Report], _ from: Date, _ to: Date) -> [Report] {
        reports.filter { $0.requestedAt >= from && $0.requestedAt < to }
    }

    /// How many reports carry each key (nil: none).
    static func tally(_ reports: [Report], _ key: (Report) -> String?) -> [String?: Int] {
        var counts: [String?: Int] = [:]
        for report in reports { counts[key(report), default: 0] += 1 }
        return counts
    }

    /// Crossing-number point in polygon (closed ring).
    static func contains(_ ring: [LonLat], _ p: LonLat) -> Bool {
        var inside = false
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon)
                if p.lon < x { inside.toggle() }
            }
        }
        return inside
    }
}
