import Dispatch
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import GridSynth

/// Times the engine behind `POST /locate` on one large body: parse the bytes, resolve every
/// point on every core, write the JSON answer, each step timed alone and the three together.
///
/// The district is the demo's (or a synthetic city with `--grids N`), stored in a temporary
/// SQLite file as the service would have it; the Locator is built before timing starts, as a
/// running server has it already.
struct BatchBenchmark {
    var grids = 0
    var points = 1_000_000
    var seed: UInt64 = 11
    var repeats = 3
    /// `pairs` ([lon, lat]), `objects` ({"id":..,"lon":..,"lat":..}), `geojson` or `csv`.
    var body = "pairs"
    var phones = false
    /// How far points may fall beyond the grids' extent on each side, as a share of its size.
    var margin = 0.0

    func run() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print("GridAtlas batch benchmark: release build, \(cores) cores")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var started = Date()
        let district = SyntheticDistrict(grids > 0 ? .benchmark(grids: grids, seed: seed) : .demo)
        let store = try GridStore(path: folder.appendingPathComponent("bench.sqlite").path)
        try store.saveUnits(district.units, generation: "bench", publishAt: Dates.parse("2024-01-01")!)
        try store.saveRoster(district.roster, replace: false)
        let atlas = Atlas(store: store)
        let at = Dates.parse("2026-03-02T09:15:00+08:00")!
        let locator = try atlas.locator(for: try atlas.generation(named: nil, at: at))
        _ = try atlas.roster()  // loaded once and kept, as in a running server
        let indexBytes = Tier.allCases.compactMap { locator.index(of: $0)?.memoryBytes }.reduce(0, +)
        print("district: \(group(district.grids.count)) grids, \(group(district.roster.count)) roster entries; index \(fixed(mb(indexBytes), 1)) MB; "
              + "stored and indexed in \(fixed(Date().timeIntervalSince(started), 1)) s")

        // Points uniform over the grid tier's extent (widened by `margin` on each side): those
        // outside every grid get a nearest grid, which costs a search and a geodesic distance.
        started = Date()
        let box = locator.index(of: .grid)!.bounds
        let padLon = (box.maxLon - box.minLon) * margin, padLat = (box.maxLat - box.minLat) * margin
        var rng = SplitMix(seed: seed &+ 1)
        let format: BatchFormat = body == "geojson" ? .geojson : body == "csv" ? .csv : .json
        var bytes: [UInt8] = Array((format == .geojson ? "{\"type\":\"FeatureCollection\",\"features\":[" : format == .csv ? "id,lon,lat\n" : "[").utf8)
        bytes.reserveCapacity(points * 48)
        for i in 0..<points {
            if i > 0 && format != .csv { bytes.append(0x2C) }
            let lon = box.minLon - padLon + rng.unit() * (box.maxLon - box.minLon + 2 * padLon)
            let lat = box.minLat - padLat + rng.unit() * (box.maxLat - box.minLat + 2 * padLat)
            switch body {
            case "objects":
                bytes += Array("{\"id\":\"p\(i)\",\"lon\":".utf8)
                Self.appendFixed(lon, to: &bytes)
                bytes += Array(",\"lat\":".utf8)
                Self.appendFixed(lat, to: &bytes)
                bytes.append(0x7D)
            case "geojson":
                bytes += Array("{\"type\":\"Feature\",\"id\":\"p\(i)\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[".utf8)
                Self.appendFixed(lon, to: &bytes)
                bytes.append(0x2C)
                Self.appendFixed(lat, to: &bytes)
                bytes += Array("]}}".utf8)
            case "csv":
                bytes += Array("p\(i),".utf8)
                Self.appendFixed(lon, to: &bytes)
                bytes.append(0x2C)
                Self.appendFixed(lat, to: &bytes)
                bytes.append(0x0A)
            default:
                bytes.append(0x5B)
                Self.appendFixed(lon, to: &bytes)
                bytes.append(0x2C)
                Self.appendFixed(lat, to: &bytes)
                bytes.append(0x5D)
            }
        }
        bytes += Array((format == .geojson ? "]}" : format == .csv ? "" : "]").utf8)
        let described = ["objects": "JSON objects with ids", "geojson": "GeoJSON Point features with ids", "csv": "CSV rows with ids"]
        print("body: \(group(points)) points as \(described[body] ?? "JSON [lon, lat] pairs"), "
              + "\(fixed(mb(bytes.count), 1)) MB; made in \(fixed(Date().timeIntervalSince(started), 1)) s")

        let options = BatchOptions(crs: .wgs84, at: at, includePhones: phones)
        let resolver = PointBatchResolver(atlas: atlas)
        // Wall time per step, and the CPU time of every thread of the process beside it: this
        // machine is shared, and CPU time shows what the work costs when a neighbour's build
        // takes a core.
        var rows: [[(wall: Double, cpu: Double)]] = []
        var answerBytes = 0, errors = 0, outside = 0
        for _ in 0..<max(1, repeats) {
            var wall = DispatchTime.now().uptimeNanoseconds
            var cpu = cpuSeconds()
            func lap() -> (wall: Double, cpu: Double) {
                let nowWall = DispatchTime.now().uptimeNanoseconds, nowCPU = cpuSeconds()
                defer { (wall, cpu) = (nowWall, nowCPU) }
                return (Double(nowWall - wall) / 1e9, nowCPU - cpu)
            }
            let batch = try PointBatch.parse(bytes, format: format, maxPoints: points)
            let parse = lap()
            let resolved = try resolver.resolve(batch, options: options)
            let resolve = lap()
            let answer = resolved.write(.json)
            let write = lap()
            rows.append([parse, resolve, write, (parse.wall + resolve.wall + write.wall, parse.cpu + resolve.cpu + write.cpu)])
            answerBytes = answer.count
            errors = resolved.errorCount
            outside = (0..<resolved.count).filter { resolved.location(of: $0)?.grid ?? 0 < 0 }.count
        }
        print("answer: \(fixed(mb(answerBytes), 1)) MB of JSON; \(group(errors)) errors; "
              + "\(group(outside)) points in no grid (\(fixed(100 * Double(outside) / Double(max(points, 1)), 1))%, nearest grid searched)")
        print("")
        print("seconds, wall (cpu)      parse            resolve          write            total")
        for (k, row) in rows.enumerated() {
            print("run \(k + 1)".padding(toLength: 20, withPad: " ", startingAt: 0)
                  + row.map { (fixed($0.wall, 3) + " (" + fixed($0.cpu, 3) + ")").leftPadded(17) }.joined())
        }
        let best = rows.min { $0[3].wall < $1[3].wall }!
        // For scale: the Locator's batch path alone over the same points, on one thread.
        let positions = try PointBatch.parse(bytes, format: format, maxPoints: points).positions
        var cpu = cpuSeconds()
        _ = locator.locate(positions)
        cpu = cpuSeconds() - cpu
        print("for scale: Locator.locate(_:into:) alone over the same points, 1 thread: \(fixed(cpu, 3)) s cpu")
        print("best: \(fixed(best[3].wall, 3)) s wall for \(group(points)) points (\(group(Int(Double(points) / best[3].wall))) points/s); "
              + "parse \(fixed(mb(bytes.count) / best[0].wall, 0)) MB/s, write \(fixed(mb(answerBytes) / best[2].wall, 0)) MB/s")
    }

    /// CPU time used so far by every thread of this process, user and system.
    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// A coordinate with 7 decimals (about 1 cm), as a GPS device sends it.
    static func appendFixed(_ value: Double, to bytes: inout [UInt8]) {
        let scaled = Int((value * 1e7).rounded())
        if scaled < 0 { bytes.append(0x2D) }
        let magnitude = scaled.magnitude
        bytes += Array(String(magnitude / 10_000_000).utf8)
        bytes.append(0x2E)
        let fraction = String(magnitude % 10_000_000)
        bytes += [UInt8](repeating: 0x30, count: 7 - fraction.utf8.count)
        bytes += Array(fraction.utf8)
    }
}
