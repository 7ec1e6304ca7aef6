import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore
import GridSynth

/// A planner's session on a city-sized store: a draft copied from the 19,000-grid generation,
/// a split, a merge, an undo, the topology check and the publish gate, each timed on its own
/// (`repeats` times where the store allows: the draft is discarded and made again).
struct DraftBenchmark {
    var grids = 19_000
    var seed: UInt64 = 7
    var repeats = 3

    func run() throws {
        print("GridAtlas draft benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let store = try GridStore(path: folder.appendingPathComponent("bench.sqlite").path)
        try store.saveUnits(district.units, generation: "base", publishAt: Dates.parse("2024-01-01")!)
        let atlas = Atlas(store: store)
        print("store: \(group(district.units.count)) units (\(group(district.grids.count)) grids)")

        // Two neighbouring grids of one community, and a line across the first.
        let byParent = Dictionary(grouping: district.grids, by: { $0.parentCode ?? "" })
        guard let family = byParent.values.first(where: { $0.count >= 2 }) else { throw CocoaError(.featureUnsupported) }
        let pair = family.sorted { $0.code < $1.code }
        let geos = GEOSContext()
        let shape = try geos.geometry(pair[0].geometry)
        guard let inside = geos.pointOnSurface(shape) else { throw CocoaError(.featureUnsupported) }
        let box = pair[0].geometry.bounds
        let line = [LonLat(box.minLon - 0.001, inside.lat), LonLat(box.maxLon + 0.001, inside.lat)]
        let neighbour = family.first { other in
            other.code != pair[0].code && (try? geos.sharedBoundaryLength(shape, try geos.geometry(other.geometry))) ?? 0 > 0
        } ?? pair[1]

        var times: [String: [Double]] = [:]
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let started = Date()
            let value = try body()
            times[name, default: []].append(Date().timeIntervalSince(started))
            return value
        }
        for _ in 0..<repeats {
            try time("create draft (copy in SQLite)") { _ = try atlas.createDraft("d", from: "base", actor: "bench") }
            try time("split one grid") { _ = try atlas.edit(draft: "d", .split(code: pair[0].code, line: line, codes: nil, names: nil), actor: "bench") }
            try time("undo the split") { _ = try atlas.undo(draft: "d") }
            try time("merge two grids") { _ = try atlas.edit(draft: "d", .merge(codes: [pair[0].code, neighbour.code], into: nil), actor: "bench") }
            let report = try time("topology check of the draft") { try atlas.validate(generation: "d", tolerances: .standard) }
            if report.errorCount > 0 { print("note: \(report.errorCount) errors after the merge") }
            try time("discard the draft") { try atlas.discard(draft: "d") }
        }
        for name in ["create draft (copy in SQLite)", "split one grid", "undo the split", "merge two grids", "topology check of the draft",
                     "discard the draft"] {
            let sorted = (times[name] ?? []).sorted()
            guard !sorted.isEmpty else { continue }
            print("\(name.padding(toLength: 30, withPad: " ", startingAt: 0)) median \(fixed(sorted[sorted.count / 2], 2)) s (\(sorted.map { fixed($0, 2) }.joined(separator: ", ")))")
        }
    }
}
