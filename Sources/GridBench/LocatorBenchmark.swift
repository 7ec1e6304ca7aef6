import Dispatch
import Foundation
import GridDomain
import GridGeometry
import GridSynth

/// Times the Locator against GEOS prepared geometries behind an STRtree on the same points in
/// the same run, checks that both give the same answer on every point, and reports build time
/// and resident memory.
struct LocatorBenchmark {
    var grids = 19_000
    var points = 1_000_000
    var seed: UInt64 = 7
    var cellsPerEdge = 1.0
    var repeats = 3
    /// `inside` or `outside` to time only that part.
    var only: String?

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("GridAtlas locator benchmark: release build, \(cores) cores")
        var started = Date()
        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let grids = district.grids
        let vertices = grids.map(\.geometry.vertexCount)
        let tiers = Dictionary(grouping: district.units, by: \.tier).mapValues(\.count)
        print("grid set: \(group(grids.count)) grids (\(group(tiers[.community] ?? 0)) communities, \(group(tiers[.subdistrict] ?? 0)) subdistricts), "
              + "\(vertices.min() ?? 0)-\(vertices.max() ?? 0) vertices per grid (mean \(fixed(Double(vertices.reduce(0, +)) / Double(max(grids.count, 1)), 0))); "
              + "generated in \(fixed(Date().timeIntervalSince(started), 1)) s")

        // The index: build time and what it adds to resident memory.
        let residentBefore = residentBytes()
        started = Date()
        let locator = Locator(units: district.units, cellsPerEdge: cellsPerEdge)
        let buildSeconds = Date().timeIntervalSince(started)
        let residentAfter = residentBytes()
        let gridIndex = locator.index(of: .grid)!
        let indexBytes = Tier.allCases.compactMap { locator.index(of: $0)?.memoryBytes }.reduce(0, +)
        print("index build (all tiers): \(fixed(buildSeconds, 2)) s; resident memory +\(fixed(mb(residentAfter - residentBefore), 0)) MB "
              + "(process \(fixed(mb(residentAfter), 0)) MB); index buffers \(fixed(mb(indexBytes), 0)) MB; "
              + "grid tier \(gridIndex.columns)×\(gridIndex.rows) cells, \(group(gridIndex.edgeCount)) edges")

        if only == "outside" { return try runOutside(locator, points: 100_000) }

        // Points uniform over the district's extent: most inside a grid, some outside it.
        var rng = SplitMix(seed: seed &+ 99)
        let box = gridIndex.bounds
        let xs = (0..<points).map { _ in box.minLon + rng.unit() * (box.maxLon - box.minLon) }
        let ys = (0..<points).map { _ in box.minLat + rng.unit() * (box.maxLat - box.minLat) }

        // Locator, one thread: the full chain (grid, then parents by links, micro-area check).
        var answers = [Int32](repeating: -1, count: points)
        let oneThread = best(of: repeats) {
            answers.withUnsafeMutableBufferPointer { out in
                for i in 0..<points { out[i] = locator.locate(LonLat(xs[i], ys[i])).grid }
            }
        }
        let inside = answers.filter { $0 >= 0 }.count
        print("points: \(group(points)) uniform over the extent; \(fixed(100 * Double(inside) / Double(points), 1))% inside a grid")

        // Locator, one thread, the batch path: the same points, each read ahead of its turn.
        let lonlats = (0..<points).map { LonLat(xs[$0], ys[$0]) }
        var batched: [Location] = []
        let batchSeconds = best(of: repeats) { batched = locator.locate(lonlats) }
        precondition(batched.map(\.grid) == answers, "batched answers differ from one-by-one answers")

        // The grid tier's index alone, to show what the chain adds.
        var sink: Int32 = 0
        let rawSeconds = best(of: repeats) {
            sink = 0
            for i in 0..<points { sink &+= gridIndex.locate(xs[i], ys[i]) }
        }
        print(String(format: "grid tier: %.1f%% of cells hold no edge; busy cells list %.1f edges on average (checksum %d)",
                     100 * gridIndex.emptyCellShare, gridIndex.meanEdgesPerBusyCell, sink))

        // Where the time goes: points in empty cells against points in cells with edges.
        let inEmpty = (0..<points).filter { gridIndex.inEmptyCell(xs[$0], ys[$0]) }
        let inBusy = (0..<points).filter { !gridIndex.inEmptyCell(xs[$0], ys[$0]) }
        var split: [String] = []
        for (name, set) in [("empty cells", inEmpty), ("cells with edges", inBusy)] where !set.isEmpty {
            let ex = set.map { xs[$0] }, ey = set.map { ys[$0] }
            var check: Int32 = 0
            let t = best(of: repeats) {
                check = 0
                for i in 0..<ex.count { check &+= gridIndex.locate(ex[i], ey[i]) }
            }
            split.append("\(fixed(100 * Double(set.count) / Double(points), 1))% in \(name) at \(fixed(t / Double(set.count) * 1e9, 0)) ns")
        }
        print("grid tier index alone: " + split.joined(separator: ", "))
        // The same points already in tile order: what locality alone gives (a real stream has some).
        let tiled = lonlats.sorted { a, b in
            let ka = Self.tileKey(a, gridIndex), kb = Self.tileKey(b, gridIndex)
            return ka < kb
        }
        var tiledSink: Int32 = 0
        let tiledSeconds = best(of: repeats) {
            tiledSink = 0
            for p in tiled { tiledSink &+= gridIndex.locate(p.lon, p.lat) }
        }
        var chainSink: Int32 = 0
        let tiledChainSeconds = best(of: repeats) {
            chainSink = 0
            for p in tiled { chainSink &+= locator.locate(p).grid }
        }
        print(String(format: "points already in tile order: grid tier alone %.0f ns, full chain %.0f ns a point (checks %d %d)",
                     tiledSeconds / Double(points) * 1e9, tiledChainSeconds / Double(points) * 1e9, tiledSink, chainSink))

        // Locator, every core: the points split into one slice per core.
        var parallelAnswers = [Int32](repeating: -1, count: points)
        let allThreads = best(of: repeats) {
            parallelAnswers = Self.locateInParallel(locator, xs, ys, slices: cores)
        }
        precondition(parallelAnswers == answers, "parallel answers differ from sequential ones")
        var parallelBatched = [Int32](repeating: -1, count: points)
        let allThreadsBatched = best(of: repeats) {
            parallelBatched = Self.locateBatchesInParallel(locator, lonlats, slices: cores)
        }
        precondition(parallelBatched == answers, "parallel batched answers differ from sequential ones")

        // GEOS: STRtree of envelopes + prepared contains, one call per point, one thread.
        started = Date()
        let geos = GEOSContext()
        let gridIds = (0..<district.units.count).filter { district.units[$0].tier == .grid }
        let peer = try GEOSPreparedIndex(context: geos, shapes: gridIds.map { district.units[$0].geometry })
        let geosBuild = Date().timeIntervalSince(started)
        var geosAnswers = [Int32](repeating: -1, count: points)
        let geosSeconds = best(of: 1) {
            for i in 0..<points { geosAnswers[i] = peer.locate(LonLat(xs[i], ys[i])).map { Int32(gridIds[$0]) } ?? -1 }
        }

        // Same answers? A difference is excused only for a point lying on a boundary, where GEOS
        // `contains` answers no grid by definition.
        var differ = 0, onBoundary = 0
        for i in 0..<points where answers[i] != geosAnswers[i] {
            if let near = gridIndex.nearestBoundary(to: LonLat(xs[i], ys[i])),
               abs(near.point.lon - xs[i]) < 1e-12, abs(near.point.lat - ys[i]) < 1e-12 {
                onBoundary += 1
            } else {
                differ += 1
            }
        }

        let rate1 = Double(points) / oneThread, rateN = Double(points) / allThreads, rateGEOS = Double(points) / geosSeconds
        print("")
        print("method                                              points/s   ns/point")
        print(row("Locator, batch (reads ahead), 1 thread", Double(points) / batchSeconds))
        print(row("Locator, batch (reads ahead), \(cores) threads", Double(points) / allThreadsBatched))
        print(row("Locator, one call per point, 1 thread", rate1))
        print(row("Locator, one call per point, \(cores) threads", rateN))
        print(row("  grid tier index alone, 1 thread", Double(points) / rawSeconds))
        print(row("GEOS 3.11 STRtree + prepared contains, 1 thread", rateGEOS))
        print(String(format: "speed-up over GEOS on one thread: batch %.1f×, one call per point %.1f×  (GEOS index build %.2f s)",
                     Double(points) / batchSeconds / rateGEOS, rate1 / rateGEOS, geosBuild))
        print("answers compared on \(group(points)) points: \(differ) differ, \(onBoundary) on a boundary")
        if differ > 0 { throw BenchmarkFailure(message: "\(differ) points got different answers from the Locator and GEOS") }
        if only == nil { try runOutside(locator, points: 100_000) }
    }

    /// One slice of the points per core, each written into its own part of the result.
    static func locateInParallel(_ locator: Locator, _ xs: [Double], _ ys: [Double], slices: Int) -> [Int32] {
        let count = xs.count
        let slice = (count + slices - 1) / slices
        return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = Int(bitPattern: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: slices) { k in
                let out = UnsafeMutablePointer<Int32>(bitPattern: base)!
                for i in (k * slice)..<min(count, (k + 1) * slice) { out[i] = locator.locate(LonLat(xs[i], ys[i])).grid }
            }
            initialized = count
        }
    }

    /// The batch path on every core: one contiguous slice of the points per core.
    static func locateBatchesInParallel(_ locator: Locator, _ points: [LonLat], slices: Int) -> [Int32] {
        let count = points.count
        let slice = (count + slices - 1) / slices
        let results = [Location](unsafeUninitializedCapacity: count) { buffer, initialized in
            let base = Int(bitPattern: buffer.baseAddress)
            points.withUnsafeBufferPointer { input in
                let inputBase = Int(bitPattern: input.baseAddress)
                DispatchQueue.concurrentPerform(iterations: slices) { k in
                    let lower = k * slice, upper = min(count, (k + 1) * slice)
                    guard lower < upper else { return }
                    let out = UnsafeMutablePointer<Location>(bitPattern: base)! + lower
                    out.initialize(repeating: Location(), count: upper - lower)
                    let source = UnsafePointer<LonLat>(bitPattern: inputBase)! + lower
                    locator.locate(UnsafeBufferPointer(start: source, count: upper - lower),
                                   into: UnsafeMutableBufferPointer(start: out, count: upper - lower))
                }
            }
            initialized = count
        }
        return results.map(\.grid)
    }

    /// The 8×8-cell tile of a position, as the batch path orders them.
    static func tileKey(_ p: LonLat, _ index: TierIndex) -> Int {
        let box = index.bounds
        let col = Int((p.lon - box.minLon) / (box.maxLon - box.minLon) * Double(index.columns))
        let row = Int((p.lat - box.minLat) / (box.maxLat - box.minLat) * Double(index.rows))
        guard col >= 0, row >= 0, col < index.columns, row < index.rows else { return Int.max }
        return (row >> 3) * ((index.columns + 7) >> 3) + (col >> 3)
    }

    /// Best wall time of `count` runs, in seconds.
    func best(of count: Int, _ body: () -> Void) -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(count, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return fastest
    }

    func row(_ name: String, _ rate: Double) -> String {
        name.padding(toLength: 48, withPad: " ", startingAt: 0) + group(Int(rate)).leftPadded(14) + String(format: "%11.1f", 1e9 / rate)
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Resident set size of this process, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

func mb(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }

/// A number with a fixed count of decimals (String(format:) only for numbers: `%@` with a Swift
/// String is unreliable on Linux).
func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

/// 1234567 → "1,234,567".
func group(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return String(out.reversed())
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
