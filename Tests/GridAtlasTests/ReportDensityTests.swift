import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Testing

/// Report density, worker load and heat-map bins on a real store, against counts made from the
/// seeded reports themselves.
@Suite struct ReportDensityTests {
    static func view(_ desk: ReportDesk, _ generation: String = "2024") throws -> GenerationView {
        try desk.atlas.view(for: try #require(try desk.store.generation(named: generation)))
    }

    @Test func countsPerUnitOfEveryTierWithTrendMatchTheSeededReports() throws {
        let (_, desk) = try DemoFiles.desk()
        let seeded = try FigureSeed.file(desk)
        let window = FigureSeed.window
        let current = FigureSeed.within(seeded, window.from, window.to)
        let previous = FigureSeed.within(seeded, window.previousFrom, window.from)
        #expect(current.count > 10 && previous.count > 10, "the pattern should fill both periods")
        #expect(window.previousFrom == Dates.parse("2026-08-02")!)
        let view = try Self.view(desk)
        for tier in Tier.allCases {
            let answer = try ReportFigures(desk: desk).density(tier: tier, window: window)
            #expect(answer.generation == "2024" && answer.tier == tier.rawValue)
            let now = FigureSeed.tally(current) { $0.units[tier] }
            let before = FigureSeed.tally(previous) { $0.units[tier] }
            // Every unit of the tier, in code order, zeros included.
            #expect(answer.rows.map(\.code) == view.ids(of: tier).map { view.unit($0).code })
            for row in answer.rows {
                let count = now[row.code] ?? 0, last = before[row.code] ?? 0
                #expect(row.count == count, "\(tier) \(row.code)")
                #expect(row.previousCount == last, "\(tier) \(row.code)")
                #expect(row.change == count - last)
                #expect(row.changePct == (last > 0 ? Double(count - last) / Double(last) * 100 : nil))
                let km2 = view.areas[Int(try view.id(of: row.code))] / 1e6
                #expect(abs(row.areaKm2 - km2) < 1e-12 && abs(row.perKm2! - Double(count) / km2) < 1e-9)
            }
            #expect(answer.withoutUnit.count == now[nil] ?? 0, "\(tier)")
            #expect(answer.withoutUnit.previousCount == before[nil] ?? 0, "\(tier)")
            #expect(answer.unmatched.count == 0 && answer.unmatched.codes == 0)
            #expect(answer.total == current.count && answer.previousTotal == previous.count)
            #expect(answer.rows.reduce(0) { $0 + $1.count } + answer.withoutUnit.count == answer.total)
        }
        // The seeded grids got reports; the one outside every grid is without a unit at every tier.
        let grids = try ReportFigures(desk: desk).density(tier: .grid, window: window)
        #expect(grids.rows.filter { $0.count > 0 }.count >= 5)
        #expect(grids.withoutUnit.count == 1)
        #expect(try ReportFigures(desk: desk).density(tier: .district, window: window).withoutUnit.count == 1)
    }

    @Test func filtersNarrowTheCounts() throws {
        let (_, desk) = try DemoFiles.desk()
        let seeded = try FigureSeed.file(desk)
        let from = FigureSeed.from, to = FigureSeed.to
        let figures = ReportFigures(desk: desk)
        let window = try FigureWindow.parse(from: "2026-09-01", to: "2026-10-01", matter: "M001, M019,M018", department: "fire,urban,order",
                                            status: "reported")
        #expect(window.from == from && window.to == to && window.matters == ["M001", "M019", "M018"])
        let answer = try figures.density(tier: .community, window: window)
        let expected = FigureSeed.within(seeded, from, to).filter {
            ["M001", "M019", "M018"].contains($0.matterCode) && ["fire", "urban", "order"].contains($0.department)
        }
        let byCommunity = FigureSeed.tally(expected) { $0.units[.community] }
        for row in answer.rows { #expect(row.count == byCommunity[row.code] ?? 0, "\(row.code)") }
        #expect(answer.total == expected.count)
        // Nothing seeded is closed: a status filter on closed finds nothing.
        let closed = try FigureWindow.parse(from: "2026-09-01", to: "2026-10-01", matter: nil, department: nil, status: "closed")
        #expect(try figures.density(tier: .grid, window: closed).total == 0)
    }

    @Test func workersCountTheirReportsAndOpenOnes() throws {
        let (_, desk) = try DemoFiles.desk()
        var seeded = try FigureSeed.file(desk)
        // Close or reject a few so open differs from count.
        for i in seeded.indices where i % 3 == 0 {
            seeded[i] = try desk.move(seeded[i].id, CaseMove(to: .rejected), by: FigureSeed.dispatcher, now: seeded[i].requestedAt.addingTimeInterval(600))
        }
        let current = FigureSeed.within(seeded, FigureSeed.from, FigureSeed.to)
        let answer = try ReportFigures(desk: desk).workers(window: FigureSeed.window)
        let counts = FigureSeed.tally(current) { $0.workerId }
        let open = FigureSeed.tally(current.filter { $0.state.isOpen }) { $0.workerId }
        #expect(answer.rows.count == counts.keys.compactMap { $0 }.count)
        for row in answer.rows {
            #expect(row.count == counts[row.workerId], "\(row.workerId)")
            #expect(row.open == open[row.workerId] ?? 0, "\(row.workerId)")
            #expect(row.name == current.first { $0.workerId == row.workerId }?.workerName)
        }
        #expect(answer.unassigned.count == counts[nil] ?? 0 && answer.unassigned.count >= 1)
        #expect(answer.total == current.count)
        #expect(answer.rows.map(\.count) == answer.rows.map(\.count).sorted(by: >))
    }

    @Test func reportsFiledUnderOlderBoundariesAreCountedAsUnmatched() throws {
        let (_, desk) = try DemoFiles.desk()
        // From 15 September one grid is recoded: its earlier reports keep the old code.
        let old = "450299001001001", new = "450299001001099"
        let redraw = Dates.parse("2026-09-15")!
        let text = String(decoding: DemoFiles.units, as: UTF8.self).replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"")
        _ = try desk.atlas.importUnits(files: [("2026.geojson", Data(text.utf8))], crs: .wgs84, crsIsExplicit: false,
                                       generation: "2026", publishAt: redraw, backdate: true)
        let p = try DemoFiles.interiorPoint(of: old, in: desk.atlas)
        let times = ["2026-08-20", "2026-09-03", "2026-09-10", "2026-09-20", "2026-09-25", "2026-09-26"].map { Dates.parse($0)! }
        let filed = try times.map { try FigureSeed.file(desk, "M001", p, at: $0) }
        #expect(filed.map(\.gridCode) == [old, old, old, new, new, new])

        let answer = try ReportFigures(desk: desk).density(tier: .grid, window: FigureSeed.window)
        #expect(answer.generation == "2026")
        #expect(!answer.rows.contains { $0.code == old })
        #expect(answer.rows.first { $0.code == new }?.count == 3)
        #expect(answer.unmatched.count == 2 && answer.unmatched.previousCount == 1 && answer.unmatched.codes == 1)
        #expect(answer.total == 5 && answer.previousTotal == 1)
        // Pinned to the old generation, the old code is a row and the new one unmatched.
        let pinned = try ReportFigures(desk: desk).density(tier: .grid, window: FigureSeed.window, generation: "2024")
        #expect(pinned.rows.first { $0.code == old }?.count == 2)
        #expect(pinned.unmatched.count == 3 && pinned.unmatched.codes == 1)
        // The community code did not change: every report is matched there.
        let communities = try ReportFigures(desk: desk).density(tier: .community, window: FigureSeed.window)
        #expect(communities.unmatched.count == 0 && communities.rows.first { $0.code == "450299001001" }?.count == 5)
    }

    @Test(arguments: [(ReportBins.Shape.square, 500.0), (.hex, 300.0), (.square, 40.0), (.hex, 25.0)])
    func binsHoldEveryReportInTheCellDrawnAroundIt(shape: ReportBins.Shape, cell: Double) throws {
        let (_, desk) = try DemoFiles.desk()
        let seeded = try FigureSeed.file(desk)
        let current = FigureSeed.within(seeded, FigureSeed.from, FigureSeed.to)
        let bins = try ReportFigures(desk: desk).bins(window: FigureSeed.window, shape: shape, cellMetres: cell)
        #expect(bins.total == current.count)
        #expect(bins.cells.reduce(0) { $0 + $1.count } == current.count)
        // Each report lies in exactly one cell polygon, and each cell's count is the reports inside it.
        for report in current {
            let p = LonLat(report.lon, report.lat)
            #expect(bins.cells.filter { FigureSeed.contains($0.ring, p) }.count == 1, "report \(report.id)")
        }
        for cell in bins.cells {
            #expect(current.filter { FigureSeed.contains(cell.ring, LonLat($0.lon, $0.lat)) }.count == cell.count)
            #expect(cell.ring.count == (shape == .square ? 5 : 7) && cell.ring.first == cell.ring.last)
            // The cell measures what was asked on the ground: the local frame is exact to well under
            // 0.1% over the district; the report outside it, 45 km south, gets a cell 0.24% too large.
            let area = Geodesic.wgs84.area(Ring(cell.ring))
            let side = bins.cellMetres
            let expected = shape == .square ? side * side : 3.squareRoot() / 2 * side * side
            let near = Geodesic.wgs84.distance(bins.frame.centre, cell.ring[0]) < 20_000
            #expect(abs(abs(area) - expected) / expected < (near ? 1e-3 : 5e-3), "area \(area) vs \(expected)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(bins.geoJSON().utf8)) as? [String: Any]
        #expect(json?["type"] as? String == "FeatureCollection")
        #expect((json?["features"] as? [Any])?.count == bins.cells.count)
    }

    @Test func binsRefuseCellsTooSmallOrTooMany() throws {
        let (_, desk) = try DemoFiles.desk()
        _ = try FigureSeed.file(desk)
        let figures = ReportFigures(desk: desk)
        func parameter(_ body: () throws -> Void) -> String? {
            do { try body() } catch QueryError.badParameter(let name, _) { return name } catch { return "\(error)" }
            return nil
        }
        #expect(parameter { _ = try figures.bins(window: FigureSeed.window, cellMetres: 5) } == "cell")
        #expect(parameter { _ = try figures.bins(window: FigureSeed.window, cellMetres: 1e6) } == "cell")
        #expect(parameter { _ = try figures.bins(window: FigureSeed.window, cellMetres: 10, maxCells: 3) } == "cell")
        #expect(parameter { _ = try ReportBins.Shape.query("triangle") } == "shape")
    }

    @Test func windowParametersAreCheckedAndNamed() throws {
        let (_, desk) = try DemoFiles.desk()
        func parameter(_ body: () throws -> Void) -> String? {
            do { try body() } catch QueryError.badParameter(let name, _) { return name } catch { return "\(error)" }
            return nil
        }
        #expect(parameter { _ = try FigureWindow.parse(from: "2026-10-01", to: "2026-09-01", matter: nil, department: nil, status: nil) } == "from")
        #expect(parameter { _ = try FigureWindow.parse(from: "yesterday", to: nil, matter: nil, department: nil, status: nil) } == "from")
        #expect(parameter { _ = try FigureWindow.parse(from: nil, to: "2026-13-01", matter: nil, department: nil, status: nil) } == "to")
        #expect(parameter { _ = try FigureWindow.parse(from: nil, to: nil, matter: nil, department: nil, status: "closed,lost") } == "status")
        #expect(parameter { _ = try FigureWindow.parse(from: nil, to: nil, matter: ",", department: nil, status: nil) } == "matter")
        let unknownMatter = try FigureWindow.parse(from: nil, to: nil, matter: "M001,M999", department: nil, status: nil)
        #expect(parameter { _ = try ReportFigures(desk: desk).density(window: unknownMatter) } == "matter")
        let unknownDepartment = try FigureWindow.parse(from: nil, to: nil, matter: nil, department: "police", status: nil)
        #expect(parameter { _ = try ReportFigures(desk: desk).workers(window: unknownDepartment) } == "department")
        let early = FigureWindow(from: Dates.parse("2020-01-01")!, to: Dates.parse("2020-02-01")!)
        #expect(parameter { _ = try ReportFigures(desk: desk).density(window: early) } == "to")
        // Without from and to: the last 30 days up to now.
        let now = Date()
        let standard = try FigureWindow.parse(from: nil, to: nil, matter: nil, department: nil, status: nil, now: now)
        #expect(standard.to == now && standard.length == 30 * 86_400)
    }
}
