import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import Testing

@Suite struct ReportWorkerMovesTests {
    typealias F = DiffFixtures

    /// Reports placed by hand: inside the moved strip (B before, A after), on each side of it,
    /// in the merged-away grid, in the split-off half, and in the renamed grid.
    static let reports: [ReportPoint] = {
        var out: [ReportPoint] = []
        func add(_ lon: Double, _ n: Int) {
            for _ in 0..<n { out.append(ReportPoint(id: Int64(out.count + 1), position: LonLat(lon, 34.005))) }
        }
        add(113.011, 3)   // strip: B → A
        add(113.0095, 2)  // A both times
        add(113.0125, 4)  // B both times (just east of the new edge)
        add(113.035, 5)   // D → C
        add(113.0475, 2)  // F → G
        add(113.055, 6)   // renamed H: same code both times
        add(113.2, 1)     // outside everything both times
        return out
    }()

    @Test func reportsOnBothSidesOfTheMovedEdgeAreCountedExactly() {
        let moves = ReportMoves(reports: Self.reports, old: Locator(units: F.old), new: Locator(units: F.new), samplesPerPair: 2)
        #expect(moves.reportsChecked == 23)
        #expect(moves.count(from: F.code(2), to: F.code(1)) == 3)
        #expect(moves.count(from: F.code(4), to: F.code(3)) == 5)
        #expect(moves.count(from: F.code(6), to: F.code(7)) == 2)
        #expect(moves.count(from: F.code(1), to: F.code(2)) == 0)
        #expect(moves.relocated == 10 && moves.pairs.count == 3)
        #expect(moves.pairs.first?.from == F.code(4))  // largest first
        #expect(moves.pairs.first { $0.from == F.code(2) }?.sampleIds == [1, 2])
    }

    @Test func aReportOutsideTheNewBoundariesMovesToNone() {
        let shrunk = F.new.filter { $0.code != F.code(11) }
        let moves = ReportMoves(reports: [ReportPoint(id: 9, position: LonLat(113.065, 34.005))],
                                old: Locator(units: F.old), new: Locator(units: shrunk))
        #expect(moves.pairs.count == 1 && moves.relocated == 1)
        #expect(moves.pairs[0].from == F.code(11) && moves.pairs[0].to == nil && moves.pairs[0].count == 1 && moves.pairs[0].sampleIds == [9])
        let text = String(decoding: try! JSONEncoder().encode(moves.pairs[0]), as: UTF8.self)
        #expect(text.contains("\"to\":null"))
    }

    @Test func tallyCountsReportsPerGrid() {
        let counts = ReportTally.counts(Self.reports, locator: Locator(units: F.new))
        #expect(counts[F.code(1)] == 5 && counts[F.code(2)] == 4 && counts[F.code(3)] == 5 && counts[F.code(7)] == 2)
        #expect(counts.values.reduce(0, +) == 22)
    }

    @Test func workersOfRemovedAndReshapedGridsAreListedWithTheirSuccessors() throws {
        let t0 = Date(timeIntervalSince1970: 1_700_000_000)
        let roster = Roster([
            RosterEntry(workerId: "W1", name: "张三", phone: "1", role: .leader, unitCode: F.code(4)),
            RosterEntry(workerId: "W2", name: "李四", phone: "2", role: .fulltime, unitCode: F.code(4)),
            RosterEntry(workerId: "W3", name: "王五", phone: "3", role: .fulltime, unitCode: F.code(1)),
            RosterEntry(workerId: "W4", name: "赵六", phone: "4", role: .fulltime, unitCode: F.code(8)),   // renamed only
            RosterEntry(workerId: "W5", name: "钱七", phone: "5", role: .fulltime, unitCode: F.code(11)),  // untouched
            RosterEntry(workerId: "W6", name: "孙八", phone: "6", role: .parttime, unitCode: F.code(4), validTo: t0),  // left before
        ])
        let diff = try #require(try GenerationDiff(old: F.old, new: F.new)[.grid])
        let moves = WorkerMoves(roster: roster, diff: diff, at: t0)
        #expect(moves.workers.map(\.workerId) == ["W3", "W1", "W2"])
        #expect(moves.workersAffected == 3 && moves.unitsAffected == 2)
        let removed = try #require(moves.workers.first { $0.workerId == "W1" })
        #expect(removed.change == "removed" && removed.unit == F.code(4) && removed.role == "leader")
        #expect(removed.successors.map(\.code) == [F.code(3)])
        let reshaped = try #require(moves.workers.first { $0.workerId == "W3" })
        #expect(reshaped.change == "changed" && reshaped.successors.first?.code == F.code(1))
    }
}
