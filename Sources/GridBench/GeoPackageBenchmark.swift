import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridGeoPackage
import GridImport
import GridStore
import GridSynth

/// Times the GeoPackage round trip planners make on a city-sized generation: export every tier
/// (blobs, R-tree, triggers), read the file back (blob decoding, column mapping), and the full
/// import into a draft (read + the validator's GEOS checks + store), beside the GeoJSON read of
/// the same units for scale.
struct GeoPackageBenchmark {
    var grids = 19_000
    var seed: UInt64 = 7
    var repeats = 3
    /// Also time the whole import with validation (GEOS on every unit and sibling pair).
    var validate = true

    func run() throws {
        print("GridAtlas GeoPackage benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let district = SyntheticDistrict(.benchmark(grids: grids, seed: seed))
        let units = district.units
        let vertices = units.map(\.geometry.vertexCount).reduce(0, +)
        let atlas = Atlas(store: try GridStore(path: folder.appendingPathComponent("bench.sqlite").path))
        try atlas.store.saveUnits(units, generation: "bench")
        print("generation: \(group(units.count)) units (\(group(district.grids.count)) grids), \(group(vertices)) vertices")

        let path = folder.appendingPathComponent("bench.gpkg").path
        let export = try best(repeats) { _ = try atlas.exportGeoPackage(generation: "bench", to: path, overwrite: true) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        print("export:        \(fixed(export, 2)) s (\(group(Int(Double(units.count) / export))) units/s), file \(fixed(mb(data.count), 1)) MB")
        let areas = try atlas.store.unitAreas(inGeneration: try atlas.store.generation(named: "bench")!.id)
        let write = try best(repeats) { _ = try GeoPackageWriter(title: "bench").write(units, areas: areas, to: path, overwrite: true) }
        let area = try best(repeats) { for unit in units { _ = Geodesic.wgs84.area(unit.geometry) } }
        print("  of which:    \(fixed(write, 2)) s writing the file, the rest loading the generation; "
              + "recomputing the areas the store keeps would add \(fixed(area, 2)) s")

        var count = 0
        let read = try best(repeats) { count = try GeoPackageReader(source: "bench.gpkg").read(data).count }
        print("read back:     \(fixed(read, 2)) s (\(group(Int(Double(count) / read))) units/s), temporary copy included")

        let geojson = Data(UnitFeatureWriter.featureCollection(units).utf8)
        let jsonRead = try best(repeats) {
            _ = try UnitFeatureReader(source: "bench.geojson", crs: .wgs84, crsIsExplicit: false).read(geojson)
        }
        print("GeoJSON read:  \(fixed(jsonRead, 2)) s for the same units (file \(fixed(mb(geojson.count), 1)) MB), for scale")

        if validate {
            let started = Date()
            let result = try atlas.importUnits(files: [("bench.gpkg", data)], crs: .wgs84, crsIsExplicit: false, generation: "draft")
            let seconds = Date().timeIntervalSince(started)
            print("full import:   \(fixed(seconds, 2)) s into a draft (read, validation, store): \(group(result.counts.values.reduce(0, +))) units")
        }
    }

    /// The fastest of `n` runs, in seconds.
    private func best(_ n: Int, _ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(n, 1) {
            let started = Date()
            try body()
            fastest = min(fastest, Date().timeIntervalSince(started))
        }
        return fastest
    }
}
