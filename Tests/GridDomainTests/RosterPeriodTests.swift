import Foundation
import GridDomain
import Testing

/// Roster periods: between two of the roster's dates no answer changes, so moments can be
/// grouped by period; a unit's own periods ignore other units' dates.
@Suite struct RosterPeriodTests {
    let day = { (text: String) in Dates.parse(text)! }

    @Test func periodsChangeOnlyOnTheRostersDates() {
        let roster = Roster([
            RosterEntry(workerId: "W1", name: "一", phone: "1", role: .fulltime, unitCode: "A", validFrom: day("2024-01-01"), validTo: day("2025-07-01")),
            RosterEntry(workerId: "W2", name: "二", phone: "2", role: .fulltime, unitCode: "A", validFrom: day("2025-07-01")),
            RosterEntry(workerId: "W3", name: "三", phone: "3", role: .fulltime, unitCode: "B", validFrom: day("2024-03-15")),
        ])
        let moments = ["2023-12-31", "2024-01-01", "2024-02-01", "2024-03-15", "2025-06-30T23:59:59+08:00", "2025-07-01", "2026-01-01"].map(day)
        #expect(moments.map { roster.period(of: $0) } == [0, 1, 1, 2, 2, 3, 3])
        #expect(moments.map { roster.period(of: $0, unit: "A") } == [0, 1, 1, 1, 1, 2, 2])
        #expect(moments.map { roster.period(of: $0, unit: "B") } == [0, 0, 0, 1, 1, 1, 1])
        #expect(roster.period(of: moments[0], unit: "nobody") == 0)
        // Same period, same workers: checked for every pair of moments.
        for a in moments {
            for b in moments where roster.period(of: a, unit: "A") == roster.period(of: b, unit: "A") {
                #expect(roster.workers(of: "A", at: a) == roster.workers(of: "A", at: b))
            }
        }
    }
}
