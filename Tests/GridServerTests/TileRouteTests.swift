import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Hummingbird
import HummingbirdTesting
import Testing

/// Vector tiles checked by an independent decoder: GDAL's MVT driver reads the tile the server
/// wrote and must find the units whose boxes meet the tile, with their codes, where they lie.
@Suite struct TileRouteTests {
    /// Runs an Debian gdal-bin tool; output to files so a full pipe cannot stall it.
    static func gdal(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let path = "/usr/bin/\(tool)"
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(tool) missing: install gdal-bin (tools/test does)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-gdal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @Test func gdalDecodesTheGridTileWithEveryUnitThatMeetsIt() async throws {
        try await withLiveServer { client, atlas in
            let z = 14
            let m = TileAddress.mercator(LonLat(108.43, 24.31), zoom: z)
            let tile = try TileAddress(z: z, x: Int(m.x), y: Int(m.y))
            let response = try await client.call("/tiles/grid/\(tile).mvt")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/vnd.mapbox-vector-tile")

            // Written where GDAL reads the tile's address from the path: .../{z}/{x}/{y}.pbf.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-tile-\(UUID().uuidString)")
            let file = folder.appendingPathComponent("\(tile.z)/\(tile.x)/\(tile.y).pbf")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(buffer: response.body).write(to: file)
            let geojson = folder.appendingPathComponent("tile.geojson").path
            let converted = try Self.gdal("ogr2ogr", ["-f", "GeoJSON", "-oo", "CLIP=NO", "-t_srs", "EPSG:4326", geojson, file.path, "grid"])
            #expect(converted.status == 0, "\(converted.err)")
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: geojson))) as? [String: Any])
            let features = decoded["features"] as? [[String: Any]] ?? []

            // Independently: the demo's grids whose boxes meet the tile.
            let g = try #require(try atlas.store.generation(named: "2024"))
            let grids = try atlas.store.units(inGeneration: g.id).filter { $0.tier == .grid && $0.geometry.bounds.intersects(tile.bounds) }
            let codes = features.compactMap { ($0["properties"] as? [String: Any])?["code"] as? String }
            #expect(Set(codes) == Set(grids.map(\.code)) && !codes.isEmpty)
            // Each decoded shape lies where its unit does (a tile pixel at zoom 14 is under 3 m).
            for feature in features {
                let code = (feature["properties"] as? [String: Any])?["code"] as? String ?? ""
                let unit = try #require(grids.first { $0.code == code })
                let rings = ((feature["geometry"] as? [String: Any])?["coordinates"] as? [Any]) ?? []
                let flat = (rings.first as? [[Double]]) ?? ((rings.first as? [[[Double]]])?.first ?? [])
                let lons = flat.map { $0[0] }, lats = flat.map { $0[1] }
                let box = unit.geometry.bounds
                #expect(abs((lons.min() ?? 0) - box.minLon) < 1e-4 && abs((lats.max() ?? 0) - box.maxLat) < 1e-4 || unit.geometry.polygons.count > 1,
                        "\(code): decoded \(lons.min() ?? 0),\(lats.max() ?? 0) vs \(box.minLon),\(box.maxLat)")
            }
        }
    }

    @Test func everyGridIsLabelledOnceInsideItselfAcrossTheTiles() async throws {
        try await withLiveServer { client, atlas in
            let view = try atlas.view(for: try atlas.generation(named: "2024", at: Date()))
            var district = BoundingBox.empty
            for id in view.ids(of: .grid) { district.extend(view.bounds[Int(id)]) }
            let z = 13
            let nw = TileAddress.mercator(LonLat(district.minLon, district.maxLat), zoom: z)
            let se = TileAddress.mercator(LonLat(district.maxLon, district.minLat), zoom: z)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-labels-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            var labelled: [String: Int] = [:]
            for x in Int(nw.x)...Int(se.x) {
                for y in Int(nw.y)...Int(se.y) {
                    let response = try await client.call("/tiles/grid/\(z)/\(x)/\(y).mvt")
                    #expect(response.status == .ok)
                    let file = folder.appendingPathComponent("\(z)/\(x)/\(y).pbf")
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(buffer: response.body).write(to: file)
                    let geojson = folder.appendingPathComponent("labels-\(x)-\(y).geojson").path
                    let converted = try Self.gdal("ogr2ogr", ["-f", "GeoJSON", "-oo", "CLIP=NO", "-t_srs", "EPSG:4326", geojson, file.path, "grid_labels"])
                    guard converted.status == 0 else { continue }  // a tile with no label in it has no such layer
                    let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: geojson))) as? [String: Any]
                    for feature in decoded?["features"] as? [[String: Any]] ?? [] {
                        let properties = feature["properties"] as? [String: Any] ?? [:]
                        let code = properties["code"] as? String ?? ""
                        labelled[code, default: 0] += 1
                        let point = ((feature["geometry"] as? [String: Any])?["coordinates"] as? [Double]) ?? [0, 0]
                        // Inside its own grid (a tile pixel at zoom 13 is about 2 m: the point is well inside).
                        #expect(view.locator.locate(LonLat(point[0], point[1])).grid == (try view.id(of: code)), "\(code) labelled at \(point)")
                        #expect(abs((properties["area_m2"] as? Double ?? 0) - view.areas[Int(try view.id(of: code))]) < 1)
                    }
                }
            }
            let grids = Set(view.ids(of: .grid).map { view.unit($0).code })
            #expect(Set(labelled.keys) == grids, "\(grids.subtracting(labelled.keys).sorted().prefix(5)) unlabelled")
            #expect(labelled.values.allSatisfy { $0 == 1 }, "\(labelled.filter { $0.value > 1 })")
        }
    }

    @Test func badTilesAreProblems() async throws {
        try await withLiveServer { client, _ in
            for (uri, parameter) in [("/tiles/county9/3/1/1.mvt", "tier"), ("/tiles/grid/3/8/1.mvt", "tile"),
                                     ("/tiles/grid/23/0/0.mvt", "tile"), ("/tiles/grid/3/x/1.mvt", "tile")] {
                let response = try await client.call(uri)
                #expect(response.status == .badRequest && response.isProblem, "\(uri)")
                #expect(response.json["parameter"] as? String == parameter, "\(uri)")
            }
            #expect(try await client.call("/tiles/grid/3/1/1.png").status == .notFound)
            // Far from the district: a valid tile with no feature.
            let empty = try await client.call("/tiles/grid/10/0/0.mvt")
            #expect(empty.status == .ok)
        }
    }
}
