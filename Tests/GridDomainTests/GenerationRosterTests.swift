import Foundation
import Testing
@testable import GridDomain

@Suite struct GenerationTests {
    let jan2024 = Dates.parse("2024-01-01")!
    let jul2025 = Dates.parse("2025-07-01")!

    @Test func dayMeansMidnightChinaTime() throws {
        #expect(Dates.parse("2024-01-01")!.timeIntervalSince1970 == 1_704_038_400)  // 2023-12-31T16:00Z
        #expect(Dates.parse("2024-01-01T00:00:00+08:00") == jan2024)
        #expect(Dates.parse("2023-12-31T16:00:00Z") == jan2024)
        #expect(Dates.parse("2024-01-01 00:00:00") == jan2024)
        #expect(Dates.parse("2024-13-01") == nil)
        #expect(Dates.parse("2023-02-29") == nil)
        #expect(Dates.parse("2024-02-29") != nil)
        #expect(Dates.parse("2024-01-01T09:30:00.250+08:00")!.timeIntervalSince(jan2024) == 9.5 * 3600 + 0.25)
        #expect(Dates.parse("2024-01-01T01:30:00-05:30")!.timeIntervalSince1970 == 1_704_092_400)  // 07:00Z
        #expect(Dates.parse("2024-01-01T09:30") == jan2024.addingTimeInterval(9.5 * 3600))
        #expect(Dates.parse("1969-12-31T23:59:59Z")!.timeIntervalSince1970 == -1)
        for bad in ["2024-01-01T25:00:00", "2024-01-01T09:30:00+08", "2024-01-01X", "2024-1-01", "2024-01-01T09:30:00.+08:00", ""] {
            #expect(Dates.parse(bad) == nil, "\(bad)")
        }
        #expect(Dates.parse("yesterday") == nil)
        #expect(Dates.format(jan2024) == "2024-01-01T00:00:00+08:00")
        #expect(Dates.formatDay(Dates.parse("2024-02-29T23:59:59+08:00")!) == "2024-02-29")
        #expect(Dates.format(Date(timeIntervalSince1970: -1.5)) == "1970-01-01T07:59:58+08:00")
    }

    /// The hand-written formatter against Foundation's, over a spread of moments, and back again.
    @Test func formatMatchesFoundationAndParsesBack() {
        let reference = ISO8601DateFormatter()
        reference.timeZone = TimeZone(secondsFromGMT: Dates.chinaOffsetSeconds)
        reference.formatOptions = [.withInternetDateTime]
        for k in 0..<2_000 {
            let moment = Date(timeIntervalSince1970: Double(k) * 4_294_967.0 - 2_000_000_000)
            #expect(Dates.format(moment) == reference.string(from: moment))
            #expect(Dates.parse(Dates.format(moment)) == moment)
        }
        #expect(throws: Dates.Invalid.self) { try Dates.require("soon") }
    }

    @Test func inForceIsHalfOpen() {
        let old = Generation(id: 1, name: "2024", state: .published, effectiveFrom: jan2024, effectiveTo: jul2025, createdAt: jan2024)
        let new = Generation(id: 2, name: "2025", state: .published, effectiveFrom: jul2025, createdAt: jan2024)
        let draft = Generation(id: 3, name: "draft", state: .draft, createdAt: jan2024)
        let all = [old, new, draft]
        #expect(all.inForce(at: jan2024.addingTimeInterval(-1)) == nil)
        #expect(all.inForce(at: jan2024)?.name == "2024")
        #expect(all.inForce(at: jul2025.addingTimeInterval(-1))?.name == "2024")
        #expect(all.inForce(at: jul2025)?.name == "2025")
        #expect(old.status(at: jul2025) == .retired)
        #expect(new.status(at: jul2025) == .active)
        #expect(new.status(at: jan2024) == .scheduled)
        #expect(draft.status(at: jul2025) == .draft)
        #expect(!draft.isInForce(at: jul2025))
    }
}

@Suite struct RosterTests {
    let start = Dates.parse("2024-01-01")!
    let change = Dates.parse("2025-07-01")!

    func roster() -> Roster {
        Roster([
            RosterEntry(workerId: "W3", name: "兼职", phone: "13900000003", role: .parttime, unitCode: "G", validFrom: start),
            RosterEntry(workerId: "W2", name: "专职旧", phone: "13900000002", role: .fulltime, unitCode: "G", validFrom: start, validTo: change),
            RosterEntry(workerId: "W4", name: "专职新", phone: "13900000004", role: .fulltime, unitCode: "G", validFrom: change),
            RosterEntry(workerId: "W1", name: "网格长", phone: "13900000001", role: .leader, unitCode: "G", validFrom: start),
            RosterEntry(workerId: "W9", name: "别处", phone: "13900000009", role: .fulltime, unitCode: "H"),
        ])
    }

    @Test func workersAtAMomentLeaderFirst() {
        let before = roster().workers(of: "G", at: change.addingTimeInterval(-1)).map(\.workerId)
        let after = roster().workers(of: "G", at: change).map(\.workerId)
        #expect(before == ["W1", "W2", "W3"])
        #expect(after == ["W1", "W4", "W3"])
        #expect(roster().workers(of: "G", at: start.addingTimeInterval(-1)).isEmpty)
    }

    @Test func responsibleIsFullTimeThenLeader() {
        #expect(roster().responsible(for: "G", at: change)?.workerId == "W4")
        let leaderOnly = Roster([RosterEntry(workerId: "L", name: "长", phone: "1390000", role: .leader, unitCode: "X"),
                                 RosterEntry(workerId: "P", name: "兼", phone: "1390001", role: .parttime, unitCode: "X")])
        #expect(leaderOnly.responsible(for: "X", at: change)?.workerId == "L")
        #expect(roster().responsible(for: "nowhere", at: change) == nil)
    }
}
