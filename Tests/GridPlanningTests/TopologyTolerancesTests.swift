import GridPlanning
import Testing

@Suite struct TopologyTolerancesTests {
    @Test func negativeOrNonFiniteThresholdsAreRefusedByName() {
        #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(errorAreaM2: -1) }
        #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(sliverWidthM: .nan) }
        #expect(throws: TopologyTolerances.Invalid.self) { try TopologyTolerances(spikeAngleDegrees: 180) }
        do {
            _ = try TopologyTolerances(sliverAreaM2: -.infinity)
            Issue.record("a negative sliver area was accepted")
        } catch {
            #expect(error.name == "sliver_area_m2")
        }
    }

    @Test func standardHasTheDocumentedDefaults() throws {
        let standard = TopologyTolerances.standard
        #expect(standard.errorAreaM2 == 1 && standard.sliverAreaM2 == 10 && standard.sliverWidthM == 0.5 && standard.spikeAngleDegrees == 1)
        #expect(try TopologyTolerances(errorAreaM2: 0) != standard)
    }
}
