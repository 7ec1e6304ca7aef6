import Dispatch
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import GridSynth

/// Report intake and report density on a city-sized store: a synthetic district of `grids`
/// grids, `stored` reports already filed over the last `days` days, then `intake` new reports
/// filed one by one through the same path as `POST /open311/v2/requests.json` (checks, locate at
/// the report's moment, routing, duplicate and photo checks, one transaction each), and the
/// density question (counts per grid for a 30-day window, all matters) asked `repeats` times.
struct ReportsBenchmark {
    var grids = 19_000
    var stored = 1_000_000
    var intake = 20_000
    var days = 365
    var seed: UInt64 = 7
    var repeats = 5
    var writers = 1

    func run() throws {
        print("GridAtlas reports benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var started = Date()
        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let store = try GridStore(path: folder.appendingPathComponent("bench.sqlite").path)
        try store.saveUnits(district.units, generation: "bench", publishAt: Dates.parse("2024-01-01")!)
        try store.saveRoster(district.roster, replace: false)
        let desk = ReportDesk(atlas: Atlas(store: store))
        _ = try desk.importCatalogue(departments: ("departments.csv", try Self.read("data/catalogue/departments.csv")),
                                     matters: ("matters.csv", try Self.read("data/catalogue/matters.csv")))
        let matters = try desk.catalogue().matters.map(\.code)
        let now = Date()
        let box = try desk.atlas.locator(for: try desk.atlas.generation(named: nil, at: now)).index(of: .grid)!.bounds
        _ = try desk.atlas.roster()
        print("district: \(group(district.grids.count)) grids, \(group(district.roster.count)) roster entries, "
              + "\(matters.count) matters; set up in \(fixed(Date().timeIntervalSince(started), 1)) s")

        // History: routed by the desk (so every report has its grid, worker and department) and
        // stored in bulk, 50,000 per transaction.
        started = Date()
        var rng = SplitMix(seed: seed &+ 3)
        let actor = CaseActor(id: "bench", role: .dispatcher)
        var pending: [Report] = []
        for i in 0..<stored {
            var draft = ReportDraft(matterCode: matters[Int(rng.next() % UInt64(matters.count))], description: "历史事件 \(i)",
                                    position: Self.point(in: box, &rng))
            draft.requestedAt = now.addingTimeInterval(-rng.unit() * Double(days) * 86400)
            pending.append(try desk.route(draft, by: actor, now: now))
            if pending.count == 50_000 || i == stored - 1 {
                try store.importReports(pending, actor: "bench", role: "dispatcher")
                pending.removeAll(keepingCapacity: true)
            }
        }
        let loadSeconds = Date().timeIntervalSince(started)
        print("stored: \(group(try store.reportCount(ReportFilter()))) reports over \(days) days, routed and loaded in \(fixed(loadSeconds, 1)) s "
              + "(\(group(Int(Double(stored) / loadSeconds))) /s in bulk)")

        // Intake: one report per call, each its own transaction, as the HTTP route files them.
        let drafts: [ReportDraft] = (0..<intake).map { i in
            var draft = ReportDraft(matterCode: matters[Int(rng.next() % UInt64(matters.count))], description: "新事件 \(i)",
                                    position: Self.point(in: box, &rng))
            if i % 10 == 0 { draft.mediaURL = "https://img.example.org/\(rng.next() % 5000).jpg" }
            return draft
        }
        let citizen = CaseActor(id: "citizen-app", role: .citizen)
        started = Date()
        let slices = max(1, writers)
        let errors = Counter()
        // Threads of their own, not concurrentPerform (which runs one slice per core): like
        // requests in flight, every writer waits on its own report while the others queue theirs.
        let writersDone = DispatchGroup()
        for slice in 0..<slices {
            writersDone.enter()
            let thread = Thread {
                var i = slice
                while i < drafts.count {
                    do { _ = try desk.file(drafts[i], by: citizen) } catch { errors.add() }
                    i += slices
                }
                writersDone.leave()
            }
            thread.start()
        }
        writersDone.wait()
        let intakeSeconds = Date().timeIntervalSince(started)
        let filed = try store.reportCount(ReportFilter(from: now.addingTimeInterval(-1)))
        let duplicates = try store.reports(ReportFilter(from: now.addingTimeInterval(-1)), pageSize: intake).filter { $0.duplicateOf != nil }.count
        print("intake: \(group(intake)) reports filed one by one by \(slices) writer(s) in \(fixed(intakeSeconds, 2)) s = "
              + "\(group(Int(Double(intake) / intakeSeconds))) reports/s; \(group(filed)) stored, \(errors.value) refused, \(duplicates) linked as duplicates")

        try densityFigures(desk, now: now)
    }

    static func point(in box: BoundingBox, _ rng: inout SplitMix) -> LonLat {
        LonLat(box.minLon + rng.unit() * (box.maxLon - box.minLon), box.minLat + rng.unit() * (box.maxLat - box.minLat))
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return data
    }

    /// A count shared by the writer threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}
