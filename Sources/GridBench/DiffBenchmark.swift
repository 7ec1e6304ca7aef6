import Dispatch
import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import GridSynth

/// Times the diff between a city-sized generation and a redraw of it (docs/benchmarks.md,
/// "Generation diff"): the geometry diff of the grid tier, the relocation of stored reports,
/// the workers affected, and the GeoJSON layers; median of `repeats` runs each.
struct DiffBenchmark {
    var grids = 19_000
    var reports = 200_000
    var repeats = 3
    var seed: UInt64 = 7

    func run() throws {
        print("GridAtlas generation diff benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        var started = Date()
        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let old = district.units
        print("old generation: \(group(district.grids.count)) grids, \(group(old.count)) units; generated in \(fixed(Date().timeIntervalSince(started), 1)) s")
        started = Date()
        let redraw = SyntheticRedraw().apply(to: old)
        let new = redraw.units
        print("redraw: \(group(redraw.merges.count)) merges (every 10th community), \(group(redraw.moves.count)) moved edges (25 m), "
              + "in \(fixed(Date().timeIntervalSince(started), 1)) s")

        var diff: TierDiff?
        let diffTimes = try times {
            diff = try TierDiff(tier: .grid, old: old.filter { $0.tier == .grid }, new: new.filter { $0.tier == .grid })
        }
        guard let diff else { return }
        print("grid diff: \(group(diff.added.count)) added, \(group(diff.removed.count)) removed, \(group(diff.changed.count)) changed, "
              + "\(group(diff.unchanged)) unchanged; \(group(diff.flows.count)) flows, \(fixed(diff.totals.areaM2 / 1e6, 2)) km², "
              + "\(fixed(diff.totals.households, 0)) households moved")
        print("  time: median \(fixed(median(diffTimes), 2)) s (runs: \(diffTimes.map { fixed($0, 2) }.joined(separator: ", ")))")

        let allTiers = try times { _ = try GenerationDiff(old: old, new: new) }
        print("all tiers (5 tiers, upper tiers unchanged): median \(fixed(median(allTiers), 2)) s")

        // Reports uniform over the district's extent, as stored positions.
        var rng = SplitMix(seed: seed &+ 5)
        var box = BoundingBox.empty
        for grid in district.grids { box.extend(grid.geometry.bounds) }
        let positions = (0..<reports).map { k in
            ReportPoint(id: Int64(k + 1), position: LonLat(box.minLon + rng.unit() * (box.maxLon - box.minLon),
                                                              box.minLat + rng.unit() * (box.maxLat - box.minLat)))
        }
        started = Date()
        let oldLocator = Locator(units: old), newLocator = Locator(units: new)
        let locatorSeconds = Date().timeIntervalSince(started)
        print("locators (both generations, all tiers): built in \(fixed(locatorSeconds, 2)) s")
        var moves: ReportMoves?
        let reportTimes = times { moves = ReportMoves(reports: positions, old: oldLocator, new: newLocator) }
        print("reports: \(group(reports)) relocated, \(group(moves?.relocated ?? 0)) land in another grid in \(group(moves?.pairs.count ?? 0)) pairs; "
              + "median \(fixed(median(reportTimes) * 1000, 0)) ms")

        let roster = Roster(district.roster)
        let at = Dates.parse("2025-09-01")!
        var workers: WorkerMoves?
        let workerTimes = times { workers = WorkerMoves(roster: roster, diff: diff, at: at) }
        print("workers affected: \(group(workers?.workersAffected ?? 0)) in \(group(workers?.unitsAffected ?? 0)) grids; "
              + "median \(fixed(median(workerTimes) * 1000, 0)) ms")

        var bytes = 0
        let geoJSONTimes = times { bytes = DiffGeoJSON.bytes(diff, layer: .flows).count + DiffGeoJSON.bytes(diff, layer: .units).count }
        print("GeoJSON layers (flows + units): \(fixed(Double(bytes) / 1_048_576, 1)) MB, median \(fixed(median(geoJSONTimes) * 1000, 0)) ms")
        let total = median(diffTimes) + median(reportTimes) + median(workerTimes)
        print("diff + reports + workers: \(fixed(total, 2)) s with the locators cached, \(fixed(total + locatorSeconds, 2)) s building both")
    }

    func times(_ body: () throws -> Void) rethrows -> [Double] {
        var out: [Double] = []
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            out.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return out
    }

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
