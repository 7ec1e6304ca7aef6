import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The report figure routes on a real server over loopback, on reports filed into the server's
/// store through a desk of the test's own; expectations come from the filed reports.
@Suite("Report figure routes over HTTP")
struct ReportFigureRouteTests {
    static let dispatcher = CaseActor(id: "k-test", role: .dispatcher)
    static let grids = ["450299001001001", "450299001002001", "450299003003006", "450299100206003"]
    static let matters = ["M001", "M019", "M035"]
    static let from = Dates.parse("2026-09-01")!
    static let to = Dates.parse("2026-10-01")!
    static let window = "from=2026-09-01&to=2026-10-01"

    /// 24 reports over 4 grids and 3 matters, one every 58 hours back from `to` (so both the window
    /// and the 30 days before it), moved to every outcome: a quarter closed on time, a quarter
    /// rejected, an eighth closed late, the rest left open.
    static func seed(_ atlas: Atlas) throws -> [Report] {
        let desk = ReportDesk(atlas: atlas)
        let view = try atlas.view(for: try atlas.generation(named: "2024", at: to))
        let geos = GEOSContext()
        let points = try grids.map { code in
            try #require(geos.pointOnSurface(try geos.geometry(view.unit(try view.id(of: code)).geometry)))
        }
        var out: [Report] = []
        for i in 0..<24 {
            var draft = ReportDraft(matterCode: matters[i % 3], position: points[i % 4])
            draft.requestedAt = to.addingTimeInterval(-Double(i * 58 + 5) * 3600)
            var r = try desk.file(draft, by: dispatcher)
            switch i % 8 {
            case 0, 4: r = try close(desk, r, at: r.requestedAt.addingTimeInterval(2 * 3600))
            case 1, 5: r = try desk.move(r.id, CaseMove(to: .rejected), by: dispatcher, now: r.requestedAt.addingTimeInterval(600))
            case 2: r = try close(desk, r, at: r.expectedAt.addingTimeInterval(3 * 3600))
            default: break
            }
            out.append(r)
        }
        return out
    }

    static func close(_ desk: ReportDesk, _ r: Report, at: Date) throws -> Report {
        var moved = r
        for (k, state) in [CaseState.accepted, .dispatched, .inProgress, .handled, .closed].enumerated() {
            moved = try desk.move(r.id, CaseMove(to: state), by: dispatcher,
                                  now: state == .closed ? at : r.requestedAt.addingTimeInterval(Double(k + 1) * 60))
        }
        return moved
    }

    static func within(_ reports: [Report], _ a: Date, _ b: Date) -> [Report] {
        reports.filter { $0.requestedAt >= a && $0.requestedAt < b }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        #expect(response.status == .ok, "\(response.text.prefix(300))")
        return try JSONDecoder().decode(type, from: Data(response.text.utf8))
    }

    @Test func densityPerGridAndCommunityWithTrend() async throws {
        try await withLiveServer { client, atlas in
            let seeded = try Self.seed(atlas)
            let current = Self.within(seeded, Self.from, Self.to)
            let previous = Self.within(seeded, Self.from.addingTimeInterval(-30 * 86_400), Self.from)
            #expect(current.count == 13 && previous.count == 11)
            for tier in [Tier.grid, .community] {
                let answer = try Self.decode(ReportDensity.self, try await client.call("/reports/density?tier=\(tier.rawValue)&\(Self.window)", as: .viewer))
                #expect(answer.rows.count == (tier == .grid ? 110 : 20))
                for row in answer.rows {
                    let now = current.filter { $0.units[tier] == row.code }.count
                    let before = previous.filter { $0.units[tier] == row.code }.count
                    #expect(row.count == now && row.previousCount == before && row.change == now - before, "\(row.code)")
                }
                #expect(answer.total == 13 && answer.previousTotal == 11 && answer.change == 2)
                #expect(answer.rows.filter { $0.count > 0 }.count == (tier == .grid ? 4 : 4))
            }
            // Filters by matter and status, as comma lists.
            let some = try Self.decode(ReportDensity.self, try await client.call("/reports/density?\(Self.window)&matter=M001,M035&status=closed,rejected"))
            #expect(some.total == current.filter { ["M001", "M035"].contains($0.matterCode) && [.closed, .rejected].contains($0.state) }.count)
        }
    }

    @Test func workersAndFiguresPerDepartmentAndCommunity() async throws {
        try await withLiveServer { client, atlas in
            let seeded = try Self.seed(atlas)
            let current = Self.within(seeded, Self.from, Self.to)
            let workers = try Self.decode(WorkerLoad.self, try await client.call("/reports/density/workers?\(Self.window)", as: .viewer))
            #expect(workers.total == current.count && workers.unassigned.count == 0)
            for row in workers.rows {
                let mine = current.filter { $0.workerId == row.workerId }
                #expect(row.count == mine.count && row.open == mine.filter(\.state.isOpen).count, "\(row.workerId)")
            }
            #expect(workers.rows.reduce(0) { $0 + $1.count } == current.count)

            let now = "2026-10-02T00:00:00%2B08:00"
            for by in ["department", "community"] {
                let answer = try Self.decode(ReportPerformance.self, try await client.call("/reports/figures?by=\(by)&\(Self.window)&now=\(now)"))
                #expect(answer.by == by && answer.now == "2026-10-02T00:00:00+08:00")
                for row in answer.rows {
                    let cases = current.filter { (by == "department" ? $0.department : $0.units[.community]) == row.code }
                    let closed = cases.filter { $0.state == .closed }
                    let rejected = cases.filter { $0.state == .rejected }.count
                    let onTime = closed.filter { $0.closedAt! <= $0.expectedAt }.count
                    #expect(row.reports == cases.count && row.closed == closed.count && row.rejected == rejected, "\(row.code ?? "")")
                    #expect(row.closingRate == (cases.count > rejected ? Double(closed.count) / Double(cases.count - rejected) : nil))
                    #expect(row.onTimeRate == (closed.isEmpty ? nil : Double(onTime) / Double(closed.count)))
                    let open = cases.filter(\.state.isOpen)
                    #expect(row.open == open.count && row.overdue == open.filter { $0.expectedAt < Dates.parse("2026-10-02")! }.count)
                }
                #expect(answer.total.reports == current.count)

                // One row by code: the same row, with the same totals beside it.
                let row = try #require(answer.rows.first { $0.reports > 0 })
                let one = try Self.decode(ReportPerformance.self,
                                          try await client.call("/reports/figures?by=\(by)&code=\(row.code!)&\(Self.window)&now=\(now)"))
                #expect(one.rows == [row] && one.total == answer.total)
            }
        }
    }

    @Test func binsAreGeoJSONHoldingEveryReport() async throws {
        try await withLiveServer { client, atlas in
            let seeded = try Self.seed(atlas)
            let current = Self.within(seeded, Self.from, Self.to)
            for shape in ["square", "hex"] {
                let response = try await client.call("/reports/bins?\(Self.window)&cell=250&shape=\(shape)", as: .viewer)
                #expect(response.status == .ok, "\(response.text.prefix(300))")
                #expect(response.headers[.contentType] == "application/geo+json")
                let map = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
                #expect(map["type"] as? String == "FeatureCollection" && map["count"] as? Int == current.count)
                let features = try #require(map["features"] as? [[String: Any]])
                var rings: [(count: Int, ring: [LonLat])] = []
                for feature in features {
                    let geometry = try #require(feature["geometry"] as? [String: Any])
                    #expect(geometry["type"] as? String == "Polygon")
                    let coordinates = try #require(geometry["coordinates"] as? [[[Double]]])
                    let count = try #require((feature["properties"] as? [String: Any])?["count"] as? Int)
                    rings.append((count, coordinates[0].map { LonLat($0[0], $0[1]) }))
                }
                #expect(rings.reduce(0) { $0 + $1.count } == current.count)
                for report in current {
                    let holders = rings.filter { Self.contains($0.ring, LonLat(report.lon, report.lat)) }
                    #expect(holders.count == 1, "report \(report.id) in \(holders.count) \(shape) cells")
                }
                for cell in rings {
                    #expect(current.filter { Self.contains(cell.ring, LonLat($0.lon, $0.lat)) }.count == cell.count)
                }
            }
        }
    }

    static func contains(_ ring: [LonLat], _ p: LonLat) -> Bool {
        var inside = false
        for k in 0..<(ring.count - 1) {
            let a = ring[k], b = ring[k + 1]
            if (a.lat > p.lat) != (b.lat > p.lat), p.lon < a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon) { inside.toggle() }
        }
        return inside
    }

    @Test func spotCheckIsReproducibleAndDrawsOnlyCasesClosedInTheWeek() async throws {
        try await withLiveServer { client, atlas in
            let seeded = try Self.seed(atlas)
            // Week 37 of 2026: 7-14 September, China time.
            let start = Dates.parse("2026-09-07")!, end = Dates.parse("2026-09-14")!
            let inWeek = seeded.filter { $0.state == .closed && $0.closedAt! >= start && $0.closedAt! < end }
            #expect(!inWeek.isEmpty)
            let uri = "/reports/spot-check?week=2026-W37&seed=42&per_community=1"
            let first = try await client.call(uri, as: .viewer)
            let answer = try Self.decode(SpotCheck.self, first)
            #expect(answer.closed == inWeek.count && answer.perCommunity == 1 && answer.seed == 42)
            let ids = Set(inWeek.map(\.id))
            for community in answer.communities {
                #expect(community.sample.count <= 1)
                #expect(community.closed == inWeek.filter { $0.units[.community] == community.code }.count)
                #expect(community.sample.allSatisfy { ids.contains($0.id) })
            }
            #expect(try await client.call(uri, as: .viewer).text == first.text)
        }
    }

    static let problems: [(uri: String, status: Int, parameter: String)] = [
        ("/reports/density?tier=planet", 400, "tier"),
        ("/reports/density?status=lost", 400, "status"),
        ("/reports/density?matter=M999", 400, "matter"),
        ("/reports/density?matter=,", 400, "matter"),
        ("/reports/density?from=2026-10-01&to=2026-09-01", 400, "from"),
        ("/reports/density?to=31/12/2026", 400, "to"),
        ("/reports/density?from=2019-01-01&to=2019-02-01", 400, "to"),
        ("/reports/density?generation=none-such", 404, "generation"),
        ("/reports/density/workers?department=police", 400, "department"),
        ("/reports/bins?cell=5", 400, "cell"),
        ("/reports/bins?cell=wide", 400, "cell"),
        ("/reports/bins?shape=triangle", 400, "shape"),
        ("/reports/figures?by=planet", 400, "by"),
        ("/reports/figures?now=never", 400, "now"),
        ("/reports/figures?by=community&code=450299001001001", 404, "code"),
        ("/reports/spot-check?seed=1", 400, "week"),
        ("/reports/spot-check?week=2026-W60&seed=1", 400, "week"),
        ("/reports/spot-check?week=2026-W47", 400, "seed"),
        ("/reports/spot-check?week=2026-W47&seed=-1", 400, "seed"),
        ("/reports/spot-check?week=2026-W47&seed=9007199254740992", 400, "seed"),
        ("/reports/spot-check?week=2026-W47&seed=1&per_community=0", 400, "per_community"),
    ]

    @Test func badParametersAreProblemsNamingTheParameter() async throws {
        try await withLiveServer { client, _ in
            for item in Self.problems {
                BoundaryRouteTests.checkProblem(try await client.call(item.uri, as: .viewer), status: item.status,
                                                parameter: item.parameter, item.uri)
            }
        }
    }

    @Test func keyedServersNeedAKeyForFigures() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let anonymous = try await client.call("/reports/density")
            let viewer = try await client.call("/reports/density", as: .viewer)
            #expect(anonymous.status == .unauthorized && viewer.status == .ok)
        }
    }
}
