import GridPlanning
import Testing

@Suite struct SequenceRuleTests {
    /// A 100 × 80 m grid whose inside point is at (x, y).
    func grid(_ n: Int, _ x: Double, _ y: Double) -> SequenceRule.Sibling {
        SequenceRule.Sibling(code: "450299001001" + String(n + 1000).suffix(3), x: x, y: y, width: 100, height: 80)
    }

    @Test func readingOrderPassesWithRaggedRows() {
        // Two rows; the second row starts 30 m north of where the first ended (less than H/2 = 40 m).
        let rows = [grid(1, 50, 200), grid(2, 150, 190), grid(3, 250, 100), grid(4, 60, 130), grid(5, 160, 125)]
        #expect(SequenceRule.inversions(rows).isEmpty)
    }

    @Test func clearlyBackwardsPairsAreFlaggedWithTheReason() {
        let west = SequenceRule.inversions([grid(1, 150, 200), grid(2, 50, 205)])
        #expect(west.map(\.next.code) == ["450299001001002"] && west.first?.reason.contains("west of") == true)
        let north = SequenceRule.inversions([grid(1, 50, 100), grid(2, 150, 200)])
        #expect(north.first?.reason.contains("100 m north of") == true)
        // Between the two bands (30 m south, far west): a new row, not flagged.
        #expect(SequenceRule.inversions([grid(1, 250, 200), grid(2, 50, 170)]).isEmpty)
        // Codes are read in numeric order, whatever order they come in.
        #expect(SequenceRule.inversions([grid(2, 150, 200), grid(1, 50, 200)]).isEmpty)
    }

    @Test func communityCodesAreNotCheckedForOrder() {
        #expect(!SequenceRule.tiers.contains(.community) && !SequenceRule.tiers.contains(.subdistrict))
        #expect(SequenceRule.tiers == [.grid, .microArea])
    }
}
