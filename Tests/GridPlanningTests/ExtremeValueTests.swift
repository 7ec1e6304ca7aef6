import GridDomain
import GridGeometry
@testable import GridPlanning
import Testing

/// The formatters and algorithms that once stopped the server on a request's number (issue 14):
/// `Figures` on 9.3e18 and 1e19 (`Int(value.rounded())` trapped), the snap's cell grid on a
/// 1e-15 m tolerance (`Int` of a quotient beyond its range) and its message on 9.3e18 m. Each is
/// now called directly with the numbers that trapped, and NaN and infinity besides.
@Suite struct ExtremeValueTests {
    static let extremes: [Double] = [9.3e18, 1e19, -1e19, 1e-15, .nan, .infinity, -.infinity, .greatestFiniteMagnitude,
                                     Double(Int.max), -Double(Int.max)]

    @Test func figuresWriteAnyNumberWithoutTrapping() {
        for value in Self.extremes {
            #expect(!Figures.area(value).isEmpty)
            #expect(!Figures.metres(value).isEmpty)
            #expect(!Figures.trimmed(value, 3).isEmpty)
        }
        #expect(Figures.area(9.3e18) == "9.3e+18 m²")
        #expect(Figures.metres(1e19) == "1e+19 m")
        #expect(Figures.metres(.nan) == "nan m")
        #expect(Figures.area(.infinity) == "inf m²")
        #expect(Figures.trimmed(1e300, 2) == "1e+300")
        // Ordinary figures read as before.
        #expect(Figures.area(1234.4) == "1234 m²")
        #expect(Figures.metres(0.456) == "0.46 m")
        #expect(Figures.trimmed(12.5, 0) == "13")
    }

    @Test func theSnapCellGridClampsInsteadOfTrapping() {
        #expect(FamilySnap.cellIndex(5e4 / 1e-15) == 4_000_000_000_000_000_000)
        #expect(FamilySnap.cellIndex(-.infinity) == -4_000_000_000_000_000_000)
        #expect(FamilySnap.cellIndex(.nan) == 0)
        #expect(FamilySnap.cellIndex(-0.5) == -1)
        #expect(FamilySnap.cellIndex(12.9) == 12)
    }

    /// A snap run with the tolerances that trapped, below the range VertexSnapper allows: the
    /// algorithm itself finishes (its messages and grid survive any tolerance).
    @Test func familySnapRunsWithToleranceFarOutsideTheRange() {
        let units = RepairTests.shifted().units
        for family in UnitFamilies(units).families where family.children.count >= 2 {
            for tolerance in [1e-15, 9.3e18] {
                _ = FamilySnap(units: units, family: family, toleranceM: tolerance).run()
            }
        }
    }

    @Test func vertexSnapperRefusesToleranceOutsideItsRange() {
        for tolerance in [1e-15, 9.3e18, 1e19, 0, -1, .nan, .infinity, -.infinity, 0.0009, 1000.1] {
            #expect(throws: TopologyTolerances.Invalid.self, "\(tolerance)") { try VertexSnapper(toleranceM: tolerance) }
        }
        let refusal = #expect(throws: TopologyTolerances.Invalid.self) { try VertexSnapper(toleranceM: 9.3e18) }
        #expect(refusal?.description == "tolerance_m = 9.3e+18 is outside 0.001 to 1000 m")
        #expect((try? VertexSnapper(toleranceM: 0.001)) != nil && (try? VertexSnapper(toleranceM: 1000)) != nil)
        // At the range's ends the snap runs on a plan.
        let units = RepairTests.shifted().units
        #expect((try? VertexSnapper(toleranceM: 0.001).run(units)) != nil)
        #expect((try? VertexSnapper(toleranceM: 1000).run(units)) != nil)
    }

    @Test func gapFillerAndTolerancesRefuseExtremes() {
        for area in [1e300, 9.3e18, 0, .nan, .infinity, 0.001] {
            #expect(throws: TopologyTolerances.Invalid.self, "\(area)") { try GapFiller(maxAreaM2: area) }
        }
        for value in [9.3e18, 1e19, .nan, .infinity, -1] {
            #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(sliverAreaM2: value) }
            #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(sliverWidthM: value) }
            #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(errorAreaM2: value) }
            #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(spikeAngleDegrees: value) }
        }
        // The largest thresholds allowed still check a plan, their figures quoted in messages.
        let widest = try? TopologyTolerances(errorAreaM2: 1e10, sliverAreaM2: 1e10, sliverWidthM: 1e5, spikeAngleDegrees: 179.9)
        #expect(widest != nil)
        if let widest {
            let report = TopologyCheck(tolerances: widest).run(RepairTests.shifted().units)
            #expect(report.problems.contains { $0.kind == .sliver && $0.message.contains("10000000000 m²") })
        }
    }
}
