import GridDomain
import GridGeometry
import GridPlanning
import Testing

@Suite struct DraftEditorTests {
    let units = EditFixtures.units()
    var editor: DraftEditor { DraftEditor(units: units) }
    func p(_ c: Double, _ r: Double) -> LonLat { EditFixtures.point(c, r) }

    func community(after outcome: EditOutcome) throws -> TilingCheck {
        let after = units.applying(removed: outcome.removed, saved: outcome.saved)
        return try TilingCheck(parent: after[code: EditFixtures.community]!, children: after.children(of: EditFixtures.community))
    }

    // MARK: Split

    @Test func splitAlongALineKeepsTheCommunityTiledAndSharesHouseholdsByArea() throws {
        let code = EditFixtures.gridCode(1)
        // A north-south line a quarter of the way across grid 1, overshooting both edges.
        let outcome = try editor.apply(.split(code: code, line: [p(0.25, 2.2), p(0.25, 0.8)], codes: nil, names: nil))
        let after = units.applying(removed: outcome.removed, saved: outcome.saved)
        let pieces = after.children(of: EditFixtures.community).filter { $0.name.hasPrefix("金桂第1网格") }
        #expect(pieces.count == 2)
        // The western piece comes first in reading order and keeps the code; the other takes the next free sequence.
        let west = try #require(after[code: code]), east = try #require(after[code: EditFixtures.gridCode(7)])
        #expect(west.geometry.bounds.maxLon < east.geometry.bounds.maxLon)
        let whole = Geodesic.wgs84.area(units[code: code]!.geometry)
        let westArea = Geodesic.wgs84.area(west.geometry), eastArea = Geodesic.wgs84.area(east.geometry)
        #expect(abs(westArea + eastArea - whole) < 0.01)
        #expect(abs(westArea / whole - 0.25) < 0.001)
        #expect(west.households == 100 && east.households == 300)
        #expect(west.population! + east.population! == 1200)
        #expect(try community(after: outcome).isExact)
        #expect(outcome.removed.isEmpty)
        #expect(outcome.notes.contains { $0.contains("roster") })
    }

    @Test func splitInsertsTheCrossingVertexIntoTheNeighbourSharingTheCutEdge() throws {
        // A west-east line across grid 2 at mid-height: it meets the edges shared with grids 1 and 3.
        let outcome = try editor.apply(.split(code: EditFixtures.gridCode(2), line: [p(0.9, 1.5), p(2.1, 1.5)], codes: nil, names: nil))
        let grid1 = try #require(outcome.saved.first { $0.code == EditFixtures.gridCode(1) })
        let grid3 = try #require(outcome.saved.first { $0.code == EditFixtures.gridCode(3) })
        #expect(grid1.geometry.rings[0].points.contains(p(1, 1.5)))
        #expect(grid3.geometry.rings[0].points.contains(p(2, 1.5)))
        // The north piece keeps the code.
        let north = try #require(outcome.saved.first { $0.code == EditFixtures.gridCode(2) })
        #expect(north.geometry.bounds.minLat > p(0, 1.4).lat)
        #expect(try community(after: outcome).isExact)
    }

    @Test func splitWithGivenCodesAndNamesChecksEveryCode() throws {
        let code = EditFixtures.gridCode(4)
        let line = [p(-0.1, 0.5), p(1.1, 0.5)]
        let outcome = try editor.apply(.split(code: code, line: line, codes: [EditFixtures.gridCode(20), EditFixtures.gridCode(21)],
                                              names: ["北片", "南片"]))
        #expect(outcome.removed == [code])
        #expect(Set(outcome.saved.map(\.name)).isSuperset(of: ["北片", "南片"]))
        #expect(throws: EditError.codeTaken(EditFixtures.gridCode(5))) {
            try editor.apply(.split(code: code, line: line, codes: [EditFixtures.gridCode(5), EditFixtures.gridCode(22)], names: nil))
        }
        #expect(throws: EditError.countMismatch(what: "codes", expected: 2, got: 1)) {
            try editor.apply(.split(code: code, line: line, codes: [EditFixtures.gridCode(22)], names: nil))
        }
        #expect(throws: EditError.self) {
            try editor.apply(.split(code: code, line: line, codes: ["450299001002030", EditFixtures.gridCode(22)], names: nil))
        }
    }

    @Test func aLineThatDoesNotCrossTheUnitIsRefused() {
        #expect(throws: EditError.lineDoesNotCut(code: EditFixtures.gridCode(1), pieces: 1)) {
            // Starts and ends inside grid 1: encloses nothing.
            try editor.apply(.split(code: EditFixtures.gridCode(1), line: [p(0.2, 1.5), p(0.8, 1.5)], codes: nil, names: nil))
        }
        #expect(throws: EditError.unknownUnit("450299001001099")) {
            try editor.apply(.split(code: "450299001001099", line: [p(0, 0), p(1, 1)], codes: nil, names: nil))
        }
    }

    // MARK: Merge

    @Test func mergeJoinsNeighboursSumsHouseholdsAndKeepsTheTiling() throws {
        let outcome = try editor.apply(.merge(codes: [EditFixtures.gridCode(2), EditFixtures.gridCode(5)], into: nil))
        #expect(outcome.removed == [EditFixtures.gridCode(5)])
        let merged = try #require(outcome.saved.first)
        #expect(merged.code == EditFixtures.gridCode(2) && merged.households == 800 && merged.population == 2400)
        #expect(merged.geometry.polygons.count == 1 && merged.geometry.polygons[0].holes.isEmpty)
        let expected = Geodesic.wgs84.area(units[code: EditFixtures.gridCode(2)]!.geometry) + Geodesic.wgs84.area(units[code: EditFixtures.gridCode(5)]!.geometry)
        #expect(abs(Geodesic.wgs84.area(merged.geometry) - expected) < 0.01)
        #expect(try community(after: outcome).isExact)
    }

    @Test func mergeRefusesUnitsThatDoNotTouchOrAreNotSiblings() {
        #expect(throws: EditError.notTouching([EditFixtures.gridCode(1), EditFixtures.gridCode(3)])) {
            try editor.apply(.merge(codes: [EditFixtures.gridCode(1), EditFixtures.gridCode(3)], into: nil))
        }
        #expect(throws: EditError.self) {
            try editor.apply(.merge(codes: [EditFixtures.gridCode(3), EditFixtures.eastCommunity + "001"], into: nil))
        }
        #expect(throws: EditError.self) {
            try editor.apply(.merge(codes: [EditFixtures.gridCode(1), EditFixtures.gridCode(2)], into: EditFixtures.gridCode(6)))
        }
        #expect(throws: EditError.nothingToDo("name at least two units to merge")) {
            try editor.apply(.merge(codes: [EditFixtures.gridCode(1), EditFixtures.gridCode(1)], into: nil))
        }
    }

    // MARK: Replace

    @Test func movingASharedEdgeTakesTheStripFromTheNeighbour() throws {
        // Grid 1 grows east by a tenth of a cell into grid 2.
        let grown = EditFixtures.box(0, 1, 1.1, 2)
        let outcome = try editor.apply(.replace(code: EditFixtures.gridCode(1), geometry: grown, adjustNeighbours: true))
        let grid2 = try #require(outcome.saved.first { $0.code == EditFixtures.gridCode(2) })
        let strip = Geodesic.wgs84.area(EditFixtures.box(1, 1, 1.1, 2))
        #expect(abs(Geodesic.wgs84.area(units[code: EditFixtures.gridCode(2)]!.geometry) - Geodesic.wgs84.area(grid2.geometry) - strip) < 0.01)
        #expect(try community(after: outcome).isExact)
        #expect(outcome.notes.contains { $0.hasPrefix("\(EditFixtures.gridCode(2)) gives") })
    }

    @Test func areaGivenUpGoesToTheOnlyNeighbourBorderingIt() throws {
        // Grid 1 gives up a notch in the middle of its east edge: only grid 2 borders it.
        let notched = MultiPolygon(Polygon(exterior: Ring([p(0, 1), p(1, 1), p(1, 1.3), p(0.9, 1.3), p(0.9, 1.7), p(1, 1.7), p(1, 2), p(0, 2), p(0, 1)])))
        let outcome = try editor.apply(.replace(code: EditFixtures.gridCode(1), geometry: notched, adjustNeighbours: true))
        let grid2 = try #require(outcome.saved.first { $0.code == EditFixtures.gridCode(2) })
        let notch = Geodesic.wgs84.area(EditFixtures.box(0.9, 1.3, 1, 1.7))
        #expect(abs(Geodesic.wgs84.area(grid2.geometry) - Geodesic.wgs84.area(units[code: EditFixtures.gridCode(2)]!.geometry) - notch) < 0.01)
        #expect(try community(after: outcome).isExact)
        // A strip along a whole edge also touches the grid below it: that one is not decided.
        let strip = try editor.apply(.replace(code: EditFixtures.gridCode(1), geometry: EditFixtures.box(0, 1, 0.9, 2), adjustNeighbours: true))
        #expect(strip.notes.contains { $0.contains("gap") && $0.contains(EditFixtures.gridCode(4)) })
    }

    @Test func aPieceBorderedBySeveralSiblingsIsLeftAsAGapAndSaid() throws {
        // Grid 5 (middle of the southern row) gives up its north-east corner: it borders grids 2 and 6.
        let shape = MultiPolygon(Polygon(exterior: Ring([p(1, 0), p(2, 0), p(2, 0.8), p(1.8, 0.8), p(1.8, 1), p(1, 1), p(1, 0)])))
        let outcome = try editor.apply(.replace(code: EditFixtures.gridCode(5), geometry: shape, adjustNeighbours: true))
        #expect(outcome.notes.contains { $0.contains("gap") && $0.contains(EditFixtures.gridCode(2)) && $0.contains(EditFixtures.gridCode(6)) })
        let check = try community(after: outcome)
        #expect(abs(check.gapM2 - Geodesic.wgs84.area(EditFixtures.box(1.8, 0.8, 2, 1))) < 0.01)
    }

    @Test func aBoundaryOutsideTheParentOrInvalidIsRefused() {
        #expect(throws: EditError.self) {
            try editor.apply(.replace(code: EditFixtures.gridCode(3), geometry: EditFixtures.box(2, 1, 3.5, 2), adjustNeighbours: true))
        }
        let bowTie = MultiPolygon(Polygon(exterior: Ring([p(0, 1), p(1, 2), p(1, 1), p(0, 2), p(0, 1)])))
        do {
            _ = try editor.apply(.replace(code: EditFixtures.gridCode(1), geometry: bowTie, adjustNeighbours: true))
            Issue.record("a bow-tie was accepted")
        } catch {
            #expect("\(error)".contains("Self-intersection"))
        }
        // Covering a whole sibling is a merge, not a redraw.
        #expect(throws: EditError.self) {
            try editor.apply(.replace(code: EditFixtures.gridCode(1), geometry: EditFixtures.box(0, 1, 2, 2), adjustNeighbours: true))
        }
    }

    // MARK: Codes and base data

    @Test func moveRecodesTheUnitUnderItsNewParent() throws {
        let outcome = try editor.apply(.move(code: EditFixtures.gridCode(3), parent: EditFixtures.eastCommunity, newCode: nil))
        #expect(outcome.removed == [EditFixtures.gridCode(3)])
        let moved = try #require(outcome.saved.first)
        #expect(moved.code == EditFixtures.eastCommunity + "002" && moved.parentCode == EditFixtures.eastCommunity)
        // It lies wholly outside its new parent: said, not hidden.
        #expect(outcome.notes.contains { $0.contains("outside") })
        #expect(throws: EditError.wrongParentTier(code: EditFixtures.gridCode(3), parent: EditFixtures.subdistrict)) {
            try editor.apply(.move(code: EditFixtures.gridCode(3), parent: EditFixtures.subdistrict, newCode: nil))
        }
    }

    @Test func renumberChecksTheCodeAndCarriesChildren() throws {
        var units = self.units
        units.append(AreaUnit(code: EditFixtures.gridCode(1) + "0001", tier: .microArea, name: "微片1", parentCode: EditFixtures.gridCode(1),
                              geometry: EditFixtures.box(0, 1, 1, 2)))
        let editor = DraftEditor(units: units)
        let outcome = try editor.apply(.renumber(code: EditFixtures.gridCode(1), newCode: EditFixtures.gridCode(9)))
        #expect(Set(outcome.removed) == [EditFixtures.gridCode(1), EditFixtures.gridCode(1) + "0001"])
        #expect(outcome.saved.contains { $0.code == EditFixtures.gridCode(9) + "0001" && $0.parentCode == EditFixtures.gridCode(9) })
        #expect(throws: EditError.codeTaken(EditFixtures.gridCode(2))) {
            try editor.apply(.renumber(code: EditFixtures.gridCode(1), newCode: EditFixtures.gridCode(2)))
        }
        #expect(throws: EditError.self) { try editor.apply(.renumber(code: EditFixtures.gridCode(1), newCode: "450299001002009")) }
        #expect(throws: EditError.self) { try editor.apply(.renumber(code: EditFixtures.gridCode(1), newCode: "45029900100109")) }
    }

    @Test func setChangesBaseDataAndRefusesNegativeCounts() throws {
        let outcome = try editor.apply(.set(code: EditFixtures.gridCode(1), name: "金桂一网格", households: .some(420), population: nil))
        #expect(outcome.saved.first?.name == "金桂一网格" && outcome.saved.first?.households == 420 && outcome.saved.first?.population == 1200)
        #expect(throws: EditError.self) {
            try editor.apply(.set(code: EditFixtures.gridCode(1), name: nil, households: .some(-1), population: nil))
        }
        #expect(throws: EditError.self) { try editor.apply(.set(code: EditFixtures.gridCode(1), name: "  ", households: nil, population: nil)) }
    }

    @Test func readingOrderRunsWestToEastThenNorthToSouth() {
        let cells = (1...6).map { EditFixtures.units()[code: EditFixtures.gridCode($0)]! }.shuffled()
        let order = ReadingOrder.sorted(points: cells.map { LonLat(($0.geometry.bounds.minLon + $0.geometry.bounds.maxLon) / 2,
                                                                   ($0.geometry.bounds.minLat + $0.geometry.bounds.maxLat) / 2) },
                                        bounds: cells.map(\.geometry.bounds))
        #expect(order.map { cells[$0].code } == (1...6).map(EditFixtures.gridCode))
    }
}

@Suite struct RenumberChildrenTests {
    @Test func childrenAreNumberedInReadingOrderTradingCodesWhereNeeded() throws {
        // Swap the codes of grids 1 and 6, and give grid 2 a micro-area: reading order puts them back.
        var units = EditFixtures.units()
        let one = units.firstIndex { $0.code == EditFixtures.gridCode(1) }!, six = units.firstIndex { $0.code == EditFixtures.gridCode(6) }!
        units[one].code = EditFixtures.gridCode(6)
        units[six].code = EditFixtures.gridCode(1)
        units.append(AreaUnit(code: EditFixtures.gridCode(6) + "0001", tier: .microArea, name: "微片", parentCode: EditFixtures.gridCode(6),
                              geometry: units[one].geometry))
        let outcome = try DraftEditor(units: units).apply(.renumberChildren(parent: EditFixtures.community))
        let after = units.applying(removed: outcome.removed, saved: outcome.saved)
        for n in 1...6 {
            let grid = try #require(after[code: EditFixtures.gridCode(n)])
            let col = Double((n - 1) % 3), row = n <= 3 ? 1.0 : 0.0
            #expect(grid.geometry == EditFixtures.box(col, row, col + 1, row + 1), "grid \(n)")
        }
        // The micro-area followed its grid (now 001).
        #expect(after[code: EditFixtures.gridCode(1) + "0001"]?.parentCode == EditFixtures.gridCode(1))
        #expect(after.count == units.count)
        let clean = DraftEditor(units: EditFixtures.units())
        do {
            _ = try clean.apply(.renumberChildren(parent: EditFixtures.community))
            Issue.record("renumbering a community already in reading order changed something")
        } catch {
            #expect(error == .nothingToDo("the children of \(EditFixtures.community) are already numbered in reading order"))
        }
    }
}
