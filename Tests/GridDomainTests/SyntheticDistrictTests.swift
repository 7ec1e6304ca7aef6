import Testing
@testable import GridDomain
@testable import GridGeometry
@testable import GridSynth

@Suite struct SyntheticDistrictTests {
    @Test func demoHasTheShapeTheIssueAsksFor() {
        let units = Demo.district.units
        let count = { (tier: Tier) in units.filter { $0.tier == tier }.count }
        #expect(count(.district) == 1)
        #expect((3...5).contains(count(.subdistrict)))
        #expect((15...25).contains(count(.community)))
        #expect((80...150).contains(count(.grid)))
        #expect(count(.microArea) > 0)
        let vertices = Demo.grids.map(\.geometry.vertexCount)
        #expect(vertices.min()! >= 20 && vertices.max()! <= 200)
    }

    @Test func sameSeedSameDistrict() {
        let again = SyntheticDistrict(.demo)
        #expect(again.units == Demo.district.units)
        #expect(again.roster == Demo.district.roster)
    }

    @Test func everyTierTilesTheDistrictWithValidShapes() throws {
        let geos = GEOSContext()
        for unit in Demo.district.units {
            #expect(geos.validity(of: try geos.geometry(unit.geometry)) == .valid, "\(unit.code)")
        }
        let total = Geodesic.wgs84.area(Demo.district.units.first { $0.tier == .district }!.geometry)
        for tier in [Tier.subdistrict, .community, .grid] {
            let sum = Demo.district.units.filter { $0.tier == tier }.reduce(0) { $0 + Geodesic.wgs84.area($1.geometry) }
            #expect(abs(sum - total) < 1, "\(tier): \(sum) m² against \(total) m²")
        }
    }

    @Test func codesExtendTheirParents() {
        for unit in Demo.district.units where unit.tier != .district {
            #expect(unit.code.hasPrefix(unit.parentCode!))
            #expect((try? UnitCode.tier(of: unit.code)) == unit.tier)
        }
    }
}
