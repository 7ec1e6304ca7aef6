import Testing
@testable import GridDomain

@Suite struct UnitCodeTests {
    @Test(arguments: [
        ("450203", Tier.district), ("450203001", .subdistrict), ("450203001002", .community),
        ("450203001002003", .grid), ("45020300100203", .grid), ("4502030010020030004", .microArea),
        ("450203001002030004", .microArea),
    ])
    func tierFromLength(code: String, tier: Tier) throws {
        #expect(try UnitCode.tier(of: code) == tier)
    }

    @Test func parentCodes() {
        #expect(UnitCode.parentCode(of: "450203") == nil)
        #expect(UnitCode.parentCode(of: "450203001") == "450203")
        #expect(UnitCode.parentCode(of: "450203001002") == "450203001")
        #expect(UnitCode.parentCode(of: "450203001002003") == "450203001002")
        #expect(UnitCode.parentCode(of: "45020300100203") == "450203001002")
        #expect(UnitCode.parentCode(of: "4502030010020030004") == "450203001002003")
    }

    @Test func badCodes() {
        #expect(throws: UnitCode.Problem.notDigits("45A203")) { try UnitCode.tier(of: "45A203") }
        #expect(throws: UnitCode.Problem.badLength("4502031")) { try UnitCode.tier(of: "4502031") }
        #expect(throws: UnitCode.Problem.notDigits("")) { try UnitCode.tier(of: "") }
        #expect(throws: UnitCode.Problem.tierMismatch(code: "450203001", tier: .grid)) {
            try UnitCode.check("450203001", declared: .grid)
        }
    }

    @Test func tierOrder() {
        #expect(Tier.grid.parent == .community)
        #expect(Tier.district.parent == nil)
        #expect(Tier.microArea.child == nil)
        #expect(Tier.allCases.map(\.depth) == [0, 1, 2, 3, 4])
        #expect(Tier(name: "micro-area") == .microArea)
        #expect(Tier(name: "county") == .district)
        #expect(Tier(name: "block") == nil)
    }
}
