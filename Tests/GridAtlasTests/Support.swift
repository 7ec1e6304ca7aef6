import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import GridSynth

/// A fresh store file in its own temporary folder.
struct Scratch {
    let folder: URL
    var storePath: String { folder.appendingPathComponent("store.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func atlas() throws -> Atlas { Atlas(store: try GridStore(path: storePath)) }
}

enum DemoFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var units: Data { FileManager.default.contents(atPath: root.appendingPathComponent("data/demo/units.geojson").path)! }
    static var roster: Data { FileManager.default.contents(atPath: root.appendingPathComponent("data/demo/roster.csv").path)! }
    static var departments: Data { FileManager.default.contents(atPath: root.appendingPathComponent("data/catalogue/departments.csv").path)! }
    static var matters: Data { FileManager.default.contents(atPath: root.appendingPathComponent("data/catalogue/matters.csv").path)! }
    static let jan2024 = Dates.parse("2024-01-01")!

    /// A desk over a loaded demo store with the committed catalogue imported.
    static func desk(rules: IntakeRules = IntakeRules()) throws -> (Scratch, ReportDesk) {
        let (scratch, atlas) = try loaded()
        let desk = ReportDesk(atlas: atlas, rules: rules)
        _ = try desk.importCatalogue(departments: ("departments.csv", departments), matters: ("matters.csv", matters))
        return (scratch, desk)
    }

    /// A point inside a unit (GEOS's point on surface), for tests that need one.
    static func interiorPoint(of code: String, in atlas: Atlas, generation: String = "2024") throws -> LonLat {
        let g = try atlas.store.generation(named: generation)!
        let unit = try atlas.store.units(inGeneration: g.id).first { $0.code == code }!
        let geos = GEOSContext()
        return geos.pointOnSurface(try geos.geometry(unit.geometry))!
    }

    /// A store holding the committed demo district as generation "2024" and its roster.
    static func loaded() throws -> (Scratch, Atlas) {
        let scratch = try Scratch()
        let atlas = try scratch.atlas()
        _ = try atlas.importUnits(files: [("units.geojson", units)], crs: .wgs84, crsIsExplicit: false,
                                  generation: "2024", publishAt: jan2024)
        _ = try atlas.importRoster(name: "roster.csv", data: roster, replace: false)
        return (scratch, atlas)
    }
}

/// Everything a store holds, for "a failed import changed nothing" comparisons.
struct StoreSnapshot: Equatable {
    var generations: [Generation]
    var units: [[AreaUnit]]
    var roster: [RosterEntry]

    init(_ store: GridStore) throws {
        generations = try store.generations()
        units = try generations.map { try store.units(inGeneration: $0.id) }
        roster = try store.roster()
    }
}

/// GeoJSON text for hand-made test features.
enum Feature {
    static func square(_ x: Double, _ y: Double, _ size: Double) -> [[Double]] {
        [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    }

    static func make(_ properties: String, rings: [[[Double]]]) -> String {
        let coordinates = "[" + rings.map { ring in "[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        return "{\"type\":\"Feature\",\"properties\":{\(properties)},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(coordinates)}}"
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
    }

    /// A small valid hierarchy: district 450203 (4×4 km-ish square) with one subdistrict, one
    /// community and two grids splitting it.
    static func hierarchy(extra: [String] = []) -> String {
        collection([
            make("\"code\":\"450203\",\"name\":\"区\"", rings: [square(108.40, 24.30, 0.04)]),
            make("\"code\":\"450203001\",\"name\":\"街道\"", rings: [square(108.40, 24.30, 0.04)]),
            make("\"code\":\"450203001001\",\"name\":\"社区\"", rings: [square(108.40, 24.30, 0.04)]),
            make("\"code\":\"450203001001001\",\"name\":\"一网格\"", rings: [[[108.40, 24.30], [108.42, 24.30], [108.42, 24.34], [108.40, 24.34], [108.40, 24.30]]]),
            make("\"code\":\"450203001001002\",\"name\":\"二网格\"", rings: [[[108.42, 24.30], [108.44, 24.30], [108.44, 24.34], [108.42, 24.34], [108.42, 24.30]]]),
        ] + extra)
    }
}

/// Runs blocking work (child processes waited for, sleeps between kills) on a thread of its own:
/// Swift Testing runs tests on the cooperative pool, and Dispatch's global queue is as wide as
/// the cores on Linux; both have two threads here, and a test blocking one of them for a minute
/// starved the live servers (and their bounded work) of other suites until clients timed out.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
