import Dispatch
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Synchronization
import Testing

@Suite struct ReportIntakeTests {
    static let citizen = CaseActor(id: "k-citizen", role: .citizen)
    static let dispatcher = CaseActor(id: "k-dispatch", role: .dispatcher)
    static let grid = "450299001001001"

    static func draft(_ desk: ReportDesk, matter: String = "M001", grid: String = grid, crs: CRS = .wgs84) throws -> ReportDraft {
        let p = try DemoFiles.interiorPoint(of: grid, in: desk.atlas)
        var draft = ReportDraft(matterCode: matter, description: "消防通道被杂物堵塞", position: p)
        if crs == .gcj02 { draft.position = ChinaOffset.gcj02(fromWGS84: p); draft.crs = .gcj02 }
        return draft
    }

    @Test func filesInTheGridWithWorkerAndDepartment() throws {
        let (_, desk) = try DemoFiles.desk()
        let report = try desk.file(try Self.draft(desk), by: Self.citizen)
        #expect(report.id > 0)
        #expect(report.gridCode == Self.grid)
        #expect(report.units[.community] == "450299001001")
        #expect(report.department == "fire")
        #expect(report.state == .reported)
        #expect(report.manualDispatch == false)
        let roster = try desk.atlas.roster()
        #expect(report.workerId == Roster.responsible(among: roster.workers(of: Self.grid, at: report.requestedAt))?.workerId)
        #expect(roster.workers(of: Self.grid, at: report.requestedAt).first { $0.workerId == report.workerId }?.role == .fulltime)
        #expect(report.expectedAt.timeIntervalSince(report.requestedAt) == 24 * 3600)
        #expect(try desk.store.history(ofReport: report.id).map(\.to) == [.reported])
    }

    @Test func gcj02PositionsLandInTheSameGrid() throws {
        let (_, desk) = try DemoFiles.desk()
        let report = try desk.file(try Self.draft(desk, crs: .gcj02), by: Self.citizen)
        #expect(report.gridCode == Self.grid)
        #expect(report.inputCRS == "gcj02")
    }

    @Test func refusalsStoreNothing() throws {
        let (_, desk) = try DemoFiles.desk()
        var bad: [(ReportDraft, String)] = []
        var d = try Self.draft(desk, matter: "M999"); bad.append((d, "service_code"))
        d = try Self.draft(desk); d.position = nil; bad.append((d, "lat"))
        d = try Self.draft(desk); d.position = LonLat(200, 24); bad.append((d, "long"))
        d = try Self.draft(desk); d.position = LonLat(108, 95); bad.append((d, "lat"))
        d = try Self.draft(desk); d.description = String(repeating: "长", count: 4001); bad.append((d, "description"))
        d = try Self.draft(desk); d.mediaHash = "xyz"; bad.append((d, "media_hash"))
        d = try Self.draft(desk); d.requestedAt = Date().addingTimeInterval(-3600); bad.append((d, "requested_datetime"))
        for (draft, field) in bad {
            #expect {
                _ = try desk.file(draft, by: Self.citizen)
            } throws: { error in (error as? ReportError)?.field == field }
        }
        #expect(try desk.store.reportCount(ReportFilter()) == 0)
    }

    @Test func outsideCoverageIsFiledForManualDispatchWithTheNearestGrid() throws {
        let (_, desk) = try DemoFiles.desk()
        let report = try desk.file(ReportDraft(matterCode: "M010", position: LonLat(108.0, 24.0)), by: Self.citizen)
        #expect(report.manualDispatch)
        #expect(report.locationStatus == "outside")
        #expect(report.gridCode == nil)
        #expect(report.workerId == nil)
        #expect(report.nearestGrid != nil)
    }

    @Test func reportsFiledBeforeARedrawStayInTheirOldGrid() throws {
        let (_, desk) = try DemoFiles.desk()
        let redraw = Dates.parse("2026-06-01")!
        let text = String(decoding: DemoFiles.units, as: UTF8.self).replacingOccurrences(of: "\"\(Self.grid)\"", with: "\"450299001001099\"")
        _ = try desk.atlas.importUnits(files: [("2026.geojson", Data(text.utf8))], crs: .wgs84, crsIsExplicit: false,
                                       generation: "2026", publishAt: redraw, backdate: true)
        var before = try Self.draft(desk)
        before.requestedAt = redraw.addingTimeInterval(-60)
        var after = try Self.draft(desk)
        after.requestedAt = redraw.addingTimeInterval(60)
        let old = try desk.file(before, by: Self.dispatcher)
        let new = try desk.file(after, by: Self.dispatcher)
        #expect(old.generation == "2024" && old.gridCode == Self.grid)
        #expect(new.generation == "2026" && new.gridCode == "450299001001099")
    }

    @Test func nearbyOpenReportOfTheSameMatterIsALikelyDuplicate() throws {
        var rules = IntakeRules()
        rules.duplicates = DuplicateRule(radiusM: 50, window: 3600)
        let (_, desk) = try DemoFiles.desk(rules: rules)
        let p = try DemoFiles.interiorPoint(of: Self.grid, in: desk.atlas)
        let t0 = Date().addingTimeInterval(-7200)
        func file(_ matter: String, _ dx: Double, at t: Date) throws -> Report {
            var d = ReportDraft(matterCode: matter, position: LonLat(p.lon + dx, p.lat))
            d.requestedAt = t
            return try desk.file(d, by: Self.dispatcher)
        }
        let first = try file("M001", 0, at: t0)
        let near = try file("M001", 0.0002, at: t0.addingTimeInterval(600))  // ~20 m east, 10 min later
        let far = try file("M001", 0.002, at: t0.addingTimeInterval(600))    // ~200 m
        let other = try file("M002", 0, at: t0.addingTimeInterval(600))      // another matter
        let lateFirst = try file("M003", 0, at: t0)
        let late = try file("M003", 0, at: t0.addingTimeInterval(4000))      // outside the window
        let chained = try file("M001", 0.0003, at: t0.addingTimeInterval(900))
        #expect(first.duplicateOf == nil)
        #expect(near.duplicateOf == first.id)
        #expect(far.duplicateOf == nil)
        #expect(other.duplicateOf == nil)
        #expect(lateFirst.duplicateOf == nil && late.duplicateOf == nil)
        #expect(chained.duplicateOf == near.id)  // the nearest open one: 10 m away, the first is 30 m
        // A closed report no longer attracts duplicates.
        for step in [CaseState.rejected] { _ = try desk.move(first.id, CaseMove(to: step), by: Self.dispatcher) }
        let afterClose = try file("M001", 0, at: t0.addingTimeInterval(1200))
        #expect(afterClose.duplicateOf == near.id)
    }

    @Test func theSamePhotoAcrossReportsIsFlagged() throws {
        let (_, desk) = try DemoFiles.desk()
        let photo = Data("one patrol photo".utf8)
        var ids: [Int64] = []
        for grid in ["450299001001001", "450299001001002", "450299001002001"] {
            var d = try Self.draft(desk, matter: "M020", grid: grid)
            d.media = photo
            ids.append(try desk.file(d, by: Self.dispatcher).id)
        }
        var fresh = try Self.draft(desk, matter: "M020")
        fresh.media = Data("another photo".utf8)
        let other = try desk.file(fresh, by: Self.dispatcher)
        #expect(try desk.store.report(id: ids[0])?.mediaReusedBy == [ids[1], ids[2]])
        #expect(try desk.store.report(id: ids[2])?.mediaReusedBy == [ids[0], ids[1]])
        #expect(try desk.store.report(id: other.id)?.mediaReusedBy == [])
    }

    @Test func reportsFiledAtOnceFromManyThreadsAreEachStoredOnce() throws {
        let (_, desk) = try DemoFiles.desk()
        let p = try DemoFiles.interiorPoint(of: Self.grid, in: desk.atlas)
        let threads = 8, each = 60
        let ids = Mutex<[Int64]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<each {
                let draft = ReportDraft(matterCode: ["M001", "M002", "M010"][i % 3], description: "t\(t) #\(i)",
                                        position: LonLat(p.lon + Double(t) * 1e-3, p.lat))
                if let report = try? desk.file(draft, by: Self.citizen) { ids.withLock { $0.append(report.id) } }
            }
        }
        let filed = ids.withLock { $0 }
        #expect(filed.count == threads * each)
        #expect(Set(filed).count == filed.count)
        #expect(try desk.store.reportCount(ReportFilter()) == threads * each)
        let stored = try desk.store.reports(ReportFilter(), pageSize: 1000)
        #expect(Set(stored.map(\.description)).count == threads * each)
        for id in filed.prefix(20) { #expect(try desk.store.history(ofReport: id).map(\.to) == [.reported]) }
    }
}
