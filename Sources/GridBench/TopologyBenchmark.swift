import Dispatch
import Foundation
import GridDomain
import GridGeometry
import GridPlanning
import GridSynth

/// Times the topology check of a whole city (every tier against its parent) on the clean
/// synthetic district, and again with a share of its grids damaged so that the problem path
/// (pairwise overlap tests, gap neighbours) is measured too. Median of `repeats` runs each.
struct TopologyBenchmark {
    var grids = 19_000
    var repeats = 3
    var seed: UInt64 = 7
    /// Share of grids with one vertex of a shared edge pushed 3 m sideways (a gap on one side,
    /// an overlap on the other).
    var perturbed = 0.01
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        print("GridAtlas topology benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(threads) workers")
        var started = Date()
        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let units = district.units
        let tiers = Dictionary(grouping: units, by: \.tier).mapValues(\.count)
        let vertices = units.reduce(0) { $0 + $1.geometry.vertexCount }
        print("set: \(group(units.count)) units (\(group(tiers[.grid] ?? 0)) grids, \(group(tiers[.community] ?? 0)) communities, "
              + "\(group(tiers[.subdistrict] ?? 0)) subdistricts), \(group(vertices)) vertices; generated in \(fixed(Date().timeIntervalSince(started), 1)) s")

        // Where the time goes: each tier alone (the children's tier of each family), one run each.
        var split: [String] = []
        for tier in Tier.allCases where tiers[tier] != nil {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = TopologyCheck(tiers: [tier], threads: threads).run(units)
            split.append("\(tier.rawValue) \(fixed(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 2)) s")
        }
        print("by tier (families whose children are that tier): " + split.joined(separator: ", "))

        let check = TopologyCheck(threads: threads)
        let clean = measure("clean", check, units)
        guard clean.errorCount == 0 else { throw BenchmarkFailure(message: "the clean set has \(clean.errorCount) errors: \(clean.errors.prefix(3).map(\.message))") }

        started = Date()
        let (damaged, count) = perturb(units)
        print("perturbed \(group(count)) grids (\(fixed(100 * perturbed, 1))%) in \(fixed(Date().timeIntervalSince(started), 2)) s")
        let broken = measure("perturbed", check, damaged)
        guard broken.errorCount > 0 else { throw BenchmarkFailure(message: "the perturbed set shows no error") }
        if threads > 1 {
            _ = measure("clean, 1 worker", TopologyCheck(threads: 1), units)
        }
    }

    /// Runs the check `repeats` times and prints the median, the spread and what it found.
    func measure(_ name: String, _ check: TopologyCheck, _ units: [AreaUnit]) -> TopologyReport {
        var times: [Double] = []
        var report: TopologyReport?
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            report = check.run(units)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        let median = times[times.count / 2]
        let found = report!.summary.map { "\($0.tier.rawValue) \($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
        print(name.padding(toLength: 18, withPad: " ", startingAt: 0) + "median \(fixed(median, 2)) s (min \(fixed(times.first!, 2)), max \(fixed(times.last!, 2)), "
              + "\(times.count) runs); \(report!.errorCount) errors, \(report!.warningCount) warnings"
              + (found.isEmpty ? "" : " [\(found)]"))
        return report!
    }

    /// Pushes one vertex of each chosen grid 3 m east (both copies of it where two grids share it
    /// are left apart: only this grid's copy moves), picking a vertex inside a shared edge.
    func perturb(_ units: [AreaUnit]) -> ([AreaUnit], Int) {
        var out = units
        let step = max(1, Int((1 / max(perturbed, 1e-9)).rounded()))
        var count = 0
        var gridNumber = 0
        for i in out.indices where out[i].tier == .grid {
            defer { gridNumber += 1 }
            guard gridNumber % step == step / 2 else { continue }
            var ring = out[i].geometry.polygons[0].exterior.points
            guard ring.count > 8 else { continue }
            let k = ring.count / 3
            let frame = LocalFrame(centre: ring[k])
            ring[k] = frame.degrees(LonLat(3, 0))
            out[i].geometry.polygons[0].exterior = Ring(ring)
            count += 1
        }
        return (out, count)
    }
}
