import Dispatch
import Foundation
import GridDomain
import GridGeometry
import GridSynth

extension LocatorBenchmark {
    /// Positions no grid covers, as report streams send them: just beyond the edge of the grids
    /// (within 10% of the extent) and far away (10 to 5,000 km, every direction). Times the whole
    /// answer for each (`locate`, then the nearest grid with its geodesic distance) on one thread,
    /// and checks a sample against the search it replaced (rings of cells outward over every edge).
    func runOutside(_ locator: Locator, points count: Int) throws {
        let gridIndex = locator.index(of: .grid)!
        let box = gridIndex.bounds
        var rng = SplitMix(seed: seed &+ 1234)
        let w = box.maxLon - box.minLon, h = box.maxLat - box.minLat
        let centre = LonLat((box.minLon + box.maxLon) / 2, (box.minLat + box.maxLat) / 2)
        var near: [LonLat] = [], far: [LonLat] = []
        while near.count < count {
            let p = LonLat(box.minLon - 0.1 * w + 1.2 * w * rng.unit(), box.minLat - 0.1 * h + 1.2 * h * rng.unit())
            if locator.locate(p).grid < 0 { near.append(p) }
        }
        while far.count < count {
            let metres = 10_000 + rng.unit() * 4_990_000
            let p = Geodesic.wgs84.destination(from: centre, azimuth: 360 * rng.unit(), metres: metres)
            if p.isInRange && locator.locate(p).grid < 0 { far.append(p) }
        }
        print("")
        print("outside: \(group(count)) positions just beyond the grids (within 10% of the extent) and \(group(count)) far away (10-5,000 km); "
              + "outer boundary tree: \(group(gridIndex.boundary.segmentCount)) segments of \(group(gridIndex.edgeCount)) edges")
        for (name, set) in [("just beyond", near), ("far away", far)] {
            var sink = 0.0
            let seconds = best(of: repeats) {
                sink = 0
                for p in set {
                    let location = locator.locate(p)
                    if location.grid < 0, let hit = locator.nearest(to: p) { sink += hit.metres }
                }
            }
            print(row("  \(name): locate + nearest grid + distance, 1 thread", Double(set.count) / seconds) + "   (checksum \(Int(sink)))")
            // Where the time goes: the locate that finds no grid, the tree search, the distance.
            var check: Int32 = 0
            let locating = best(of: repeats) { for p in set { check &+= locator.locate(p).district } }
            var hits: [LonLat] = []
            let searching = best(of: repeats) {
                hits = []
                for p in set { if let hit = gridIndex.boundary.nearest(to: p) { hits.append(hit.point) } }
            }
            var total = 0.0
            let measuring = best(of: repeats) { total = 0; for (p, q) in zip(set, hits) { total += Geodesic.wgs84.distance(p, q) } }
            print(String(format: "    of which: locate %.0f ns, tree search %.0f ns, geodesic distance %.0f ns (checks %d, %.0f)",
                         locating / Double(set.count) * 1e9, searching / Double(set.count) * 1e9,
                         measuring / Double(set.count) * 1e9, check, total))
        }

        // The same answers as the ring-by-ring search over every edge (slow far away: a sample).
        var differ = 0, compared = 0, worst = 0.0
        for p in near.prefix(2_000) + far.prefix(300) {
            guard let new = locator.nearest(to: p), let old = gridIndex.nearestBoundary(to: p) else { continue }
            compared += 1
            let oldMetres = Geodesic.wgs84.karneyDistance(p, old.point)
            worst = max(worst, abs(new.metres - oldMetres))
            let oldUnit = old.units.min { locator.units[Int($0)].code < locator.units[Int($1)].code }
            if oldUnit != new.unit && abs(new.metres - oldMetres) > 1e-6 { differ += 1 }
        }
        print("  compared with the ring search on \(compared) positions: \(differ) name another grid, "
              + "largest distance difference \(String(format: "%.2e", worst)) m")
        if differ > 0 || worst > 1e-3 { throw BenchmarkFailure(message: "the boundary tree and the ring search disagree") }
    }
}
