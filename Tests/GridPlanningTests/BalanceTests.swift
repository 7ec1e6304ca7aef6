import GridDomain
import GridGeometry
import GridPlanning
import Testing

@Suite struct BalanceTests {
    typealias F = DiffFixtures

    static func grids(_ households: [Int?]) -> [AreaUnit] {
        households.enumerated().map { F.grid($0.offset + 1, 113 + Double($0.offset) * 0.01, 113.01 + Double($0.offset) * 0.01, households: $0.element) }
    }

    @Test func householdsAreCountedAgainstTheRange() throws {
        let grids = Self.grids([100, 300, 400, 500, 501, 800, nil])
        let balance = Balance(generation: "g", grids: grids, reports: [:], workers: [:], range: try HouseholdRange(minimum: 300, maximum: 500))
        let s = balance.summary
        #expect((s.under, s.within, s.over, s.unknown) == (1, 3, 2, 1))
        #expect(balance.rows.map(\.householdStatus) == ["under", "within", "within", "within", "over", "over", "unknown"])
        #expect(s.households.min == 100 && s.households.median == 450 && s.households.max == 800 && s.households.count == 6)
        #expect(s.unstaffed.count == 7 && s.outlierThreshold == nil && s.reportsPerWorker.count == 0)
    }

    @Test func theDefaultRangeIs300To500AndBadRangesAreRefusedByName() throws {
        #expect(HouseholdRange.standard.minimum == 300 && HouseholdRange.standard.maximum == 500)
        #expect(try HouseholdRange(parsing: "160-480") == HouseholdRange(minimum: 160, maximum: 480))
        #expect(throws: HouseholdRange.Invalid.self) { try HouseholdRange(parsing: "500") }
        #expect(throws: HouseholdRange.Invalid.self) { try HouseholdRange(parsing: "a-b") }
        do {
            _ = try HouseholdRange(minimum: 500, maximum: 300)
            Issue.record("an upside-down range was accepted")
        } catch {
            #expect(error.name == "households_max")
        }
        #expect(throws: HouseholdRange.Invalid.self) { try HouseholdRange(minimum: -1, maximum: 3) }
    }

    @Test func workloadOutliersFollowTheMedianPlusThreeScaledMADRule() throws {
        let grids = Self.grids(Array(repeating: 400, count: 6))
        let perWorker = [1.0, 2, 3, 4, 5, 100]
        var reports: [String: Int] = [:], workers: [String: Int] = [:]
        for (k, grid) in grids.enumerated() {
            workers[grid.code] = 2
            reports[grid.code] = Int(perWorker[k] * 2)
        }
        let balance = Balance(generation: "g", grids: grids, reports: reports, workers: workers)
        // Independently: median 3.5; |x - 3.5| sorted 0.5 0.5 1.5 1.5 2.5 96.5 → MAD 1.5.
        let threshold = 3.5 + 3 * 1.4826 * 1.5
        #expect(abs((balance.summary.outlierThreshold ?? 0) - threshold) < 0.001)
        #expect(balance.summary.outliers == [grids[5].code])
        #expect(balance.rows.filter(\.outlier).map(\.code) == [grids[5].code])
        #expect(balance.summary.reportsPerWorker.median == 3.5)
    }

    @Test func whenMostLoadsAreEqualTheMeanDeviationStandsInForAZeroMAD() {
        let grids = Self.grids(Array(repeating: 400, count: 6))
        var reports: [String: Int] = [:], workers: [String: Int] = [:]
        for (k, grid) in grids.enumerated() {
            workers[grid.code] = 1
            reports[grid.code] = k == 5 ? 100 : 10
        }
        let balance = Balance(generation: "g", grids: grids, reports: reports, workers: workers)
        // MAD is 0; mean |x - 10| = 90 / 6 = 15 → threshold 10 + 3 × 1.2533 × 15.
        #expect(abs((balance.summary.outlierThreshold ?? 0) - (10 + 3 * 1.2533 * 15)) < 0.001)
        #expect(balance.summary.outliers == [grids[5].code])
        let equal = Balance(generation: "g", grids: grids, reports: reports.mapValues { _ in 7 }, workers: workers)
        #expect(equal.summary.outliers.isEmpty)
    }

    @Test func comparisonPutsBothGenerationsSideBySide() throws {
        let before = Balance(generation: "old", grids: F.old, reports: [F.code(4): 5], workers: [F.code(4): 2])
        let after = Balance(generation: "new", grids: F.new, reports: [F.code(3): 5], workers: [:])
        let comparison = BalanceComparison(range: .standard, before: before, after: after)
        #expect(comparison.before.generation == "old" && comparison.after.generation == "new")
        #expect(comparison.rows.count == 8)  // 7 old codes + G
        let d = try #require(comparison.rows.first { $0.code == F.code(4) })
        #expect(d.before?.reports == 5 && d.before?.reportsPerWorker == 2.5 && d.after == nil)
        let g = try #require(comparison.rows.first { $0.code == F.code(7) })
        #expect(g.before == nil && g.after?.households == 300)
        // Old: 200 and 350 under... counted from the fixture's households.
        #expect(comparison.before.under == F.old.filter { ($0.households ?? 0) < 300 }.count)
        #expect(comparison.after.over == F.new.filter { ($0.households ?? 0) > 500 }.count)
    }
}
