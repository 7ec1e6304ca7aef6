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

        // Against the ring-by-ring search over every edge it replaced (slow far away: a sample).
        // That search compared distances in a lon/lat frame around the position, which stretches
        // with distance: near the grids both must agree to the millimetre; far away the tree may
        // find a nearer point (it compares true chords), never a farther one.
        var differ = 0, nearer = 0, compared = 0, worstNear = 0.0, gainedFar = 0.0
        for (k, p) in (near.prefix(2_000) + far.prefix(300)).enumerated() {
            guard let new = locator.nearest(to: p), let old = gridIndex.nearestBoundary(to: p) else { continue }
            compared += 1
            let oldMetres = Geodesic.wgs84.karneyDistance(p, old.point), newMetres = Geodesic.wgs84.karneyDistance(p, new.point)
            if newMetres > oldMetres + 1e-3 {
                differ += 1
            } else if k < 2_000 {
                worstNear = max(worstNear, oldMetres - newMetres)
            } else if newMetres < oldMetres - 1e-3 {
                nearer += 1
                gainedFar = max(gainedFar, oldMetres - newMetres)
            }
        }
        print("  against the ring search on \(compared) positions: \(differ) farther; near the grids up to "
              + "\(String(format: "%.3f", worstNear)) m nearer, far away \(nearer) nearer by up to \(String(format: "%.0f", gainedFar)) m")
        if differ > 0 { throw BenchmarkFailure(message: "the boundary tree found a farther point than the ring search") }
    }
}
