import Foundation
import GridDomain
import GridGeometry
import GridImport
import Testing

/// A temporary folder per test.
struct Scratch {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-gpkg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        return path(name)
    }
}

/// The committed demo district, read as any import reads it.
enum Demo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoJSONPath = root.appendingPathComponent("data/demo/units.geojson").path

    static func units() throws -> [AreaUnit] {
        let data = try Data(contentsOf: URL(fileURLWithPath: geoJSONPath))
        return try UnitFeatureReader(source: "units.geojson", crs: .wgs84, crsIsExplicit: false).read(data).map(\.unit)
    }
}

/// Debian's GDAL command-line tools (gdal-bin), run as a user would. A missing tool fails the
/// test with a message saying what to install: these tests exist to prove GDAL reads our files.
enum GDAL {
    struct Missing: Error, CustomStringConvertible {
        var tool: String
        var description: String {
            "\(tool) not found: install Debian's gdal-bin (apt-get install gdal-bin; tools/test installs it). The GeoPackage tests check files with GDAL."
        }
    }

    struct Output {
        var status: Int32
        var out: String
        var err: String
        /// GDAL's complaints about a file (spec violations print as warnings on open).
        var complaints: [String] { err.split(separator: "\n").map(String.init).filter { $0.contains("Warning") || $0.contains("ERROR") } }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Output {
        guard let path = ["/usr/bin/\(tool)", "/usr/local/bin/\(tool)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing(tool: tool)
        }
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        // Output to files: a pipe left unread while the other fills can hang the tool.
        let outPath = scratch.path("out"), errPath = scratch.path("err")
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      out: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      err: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// GDAL's own GeoPackage conformance checker (python3-gdal, which gdal-bin depends on): it
    /// checks the spec's requirements one by one (tables, SRS rows, blobs, R-tree and triggers).
    static func validate(_ path: String) throws -> Output {
        let script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
        guard FileManager.default.fileExists(atPath: script) else { throw Missing(tool: "validate_gpkg.py") }
        return try run("python3", [script, path])
    }

    /// `ogr2ogr -f GPKG target source extra...`, failing the test on a non-zero exit.
    static func toGeoPackage(_ target: String, from source: String, _ extra: [String] = []) throws {
        let result = try run("ogr2ogr", ["-f", "GPKG", target, source] + extra)
        #expect(result.status == 0, "ogr2ogr \(extra): \(result.err)")
    }
}

/// Differences between two unit sets, by code: empty when they agree (geometry within `tolerance` degrees).
func differences(_ expected: [AreaUnit], _ actual: [AreaUnit], tolerance: Double) -> [String] {
    var found: [String] = []
    let byCode = Dictionary(actual.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
    if actual.count != expected.count { found.append("\(actual.count) units, expected \(expected.count)") }
    for unit in expected {
        guard let other = byCode[unit.code] else { found.append("\(unit.code) missing"); continue }
        if other.name != unit.name { found.append("\(unit.code) name \(other.name)") }
        if other.tier != unit.tier { found.append("\(unit.code) tier \(other.tier)") }
        if other.parentCode != unit.parentCode { found.append("\(unit.code) parent \(other.parentCode ?? "nil")") }
        if other.households != unit.households { found.append("\(unit.code) households \(String(describing: other.households))") }
        if other.population != unit.population { found.append("\(unit.code) population \(String(describing: other.population))") }
        let a = unit.geometry.polygons, b = other.geometry.polygons
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.rings.map(\.points.count) == $1.rings.map(\.points.count) }) else {
            found.append("\(unit.code) geometry has another shape")
            continue
        }
        var worst = 0.0
        for (p, q) in zip(a, b) {
            for (r, s) in zip(p.rings, q.rings) {
                for (u, v) in zip(r.points, s.points) { worst = max(worst, abs(u.lon - v.lon), abs(u.lat - v.lat)) }
            }
        }
        if worst > tolerance { found.append("\(unit.code) geometry off by \(worst)°") }
    }
    return found
}
