import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Testing

/// The real-boundary set in data/real/chancheng (1,200 grids cut inside 禅城区, 200,000 report
/// positions mixed as real streams are) against the answers of an independent GEOS oracle
/// (`expected.csv`, shapely `covers`): every position answered as the oracle says, every
/// boundary position with one of the grids covering it, the same one every time.
@Suite(.serialized) struct RealBoundaryTests {
    static let folder = DemoFiles.root.appendingPathComponent("data/real/chancheng")

    /// A file of the set, decompressed by gzip as a user would.
    static func file(_ name: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", folder.appendingPathComponent(name + ".gz").path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gzip -dc \(name).gz failed")
        return data
    }

    /// One row of expected.csv.
    struct Expected {
        var covering: [String]  // empty: outside every grid
        var boundary: Bool
        var kind: String
    }

    static func expected() throws -> [String: Expected] {
        var rows: [String: Expected] = [:]
        for line in String(decoding: try file("expected.csv"), as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rows[f[0]] = Expected(covering: f[1].isEmpty ? [] : f[1].split(separator: "|").map(String.init),
                                  boundary: f[2] == "boundary", kind: f[4])
        }
        return rows
    }

    /// A store holding the set's units (every tier) published, as `gridatlas import units` makes it.
    static func store() throws -> (Scratch, Atlas) {
        let scratch = try Scratch()
        let atlas = try scratch.atlas()
        _ = try atlas.importUnits(files: [("units.wgs84.geojson", try file("units.wgs84.geojson"))], crs: .wgs84, crsIsExplicit: false,
                                  generation: "chancheng", publishAt: DemoFiles.jan2024)
        // The set's roster names the unit `code`, as its unit file does.
        #expect(try atlas.importRoster(name: "roster.csv", data: try file("roster.csv"), replace: false) == 5_988)
        return (scratch, atlas)
    }

    /// Answers of the batch engine for a CSV body: id → (grid code or "", status, nearest grid).
    static func answers(_ body: Data, crs: CRS, atlas: Atlas) throws -> [String: (grid: String, status: String, nearest: String)] {
        let batch = try PointBatch.parse(body, format: .csv, maxPoints: 1_000_000)
        let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: BatchOptions(crs: crs, at: DemoFiles.jan2024.addingTimeInterval(86_400)))
        let lines = String(decoding: resolved.write(.csv), as: UTF8.self).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let id = header.firstIndex(of: "id")!, status = header.firstIndex(of: "status")!
        let grid = header.firstIndex(of: "grid")!, nearest = header.firstIndex(of: "nearest_grid")!
        var out: [String: (grid: String, status: String, nearest: String)] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            out[f[id]] = (f[grid], f[status], f[nearest])
        }
        return out
    }

    @Test func everyPositionAgreesWithTheOracle() throws {
        let (scratch, atlas) = try Self.store()
        let expected = try Self.expected()
        let points = try Self.file("points.csv")
        let first = try Self.answers(points, crs: .wgs84, atlas: atlas)
        #expect(first.count == 200_000)
        var wrong: [String: Int] = [:], examples: [String] = []
        var boundaryPositions = 0, outsideCovered = 0
        for (id, answer) in first {
            let row = try #require(expected[id])
            if row.boundary { boundaryPositions += 1 }
            let right = row.covering.isEmpty ? answer.grid.isEmpty && answer.status == "outside" : row.covering.contains(answer.grid)
            if !right {
                wrong[row.kind, default: 0] += 1
                if examples.count < 5 { examples.append("\(id) (\(row.kind)): \(answer) expected \(row.covering)") }
            }
            if !row.covering.isEmpty && answer.status == "outside" { outsideCovered += 1 }
        }
        #expect(wrong.isEmpty, "positions answered otherwise than the oracle: \(wrong) e.g. \(examples)")
        #expect(outsideCovered == 0, "covered positions answered outside")
        #expect(boundaryPositions == 20_000)  // 10,000 on shared vertices, 10,000 on shared edges

        // The same answers again, and from a new Atlas that maps the stored index instead.
        let again = try Self.answers(points, crs: .wgs84, atlas: atlas)
        #expect(again.allSatisfy { first[$0.key]! == $0.value })
        let mapped = Atlas(store: try GridStore(path: scratch.storePath), notice: { Issue.record("unexpected notice: \($0)") })
        let fromIndex = try Self.answers(points, crs: .wgs84, atlas: mapped)
        #expect(fromIndex.allSatisfy { first[$0.key]! == $0.value })
    }

    /// GCJ-02 positions (as Amap and WeChat send them) land in the same grids, except within
    /// the datum round trip's ~1e-7° of an edge.
    @Test func gcj02PositionsAgreeAwayFromEdges() throws {
        let (_, atlas) = try Self.store()
        let wgs = try Self.answers(try Self.file("points.csv"), crs: .wgs84, atlas: atlas)
        let gcj = try Self.answers(try Self.file("points.gcj02.csv"), crs: .gcj02, atlas: atlas)
        let locator = try atlas.locator(for: try atlas.generation(named: "chancheng", at: Date()))
        let index = try #require(locator.index(of: .grid))
        var positions: [String: LonLat] = [:]
        for line in String(decoding: try Self.file("points.csv"), as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            positions[f[0]] = LonLat(Double(f[1])!, Double(f[2])!)
        }
        let expected = try Self.expected()
        var differ = 0, awayFromEdges: [String] = [], notOnABoundary = 0
        for (id, answer) in wgs where gcj[id]!.grid != answer.grid {
            differ += 1
            if expected[id]?.boundary != true { notOnABoundary += 1 }
            let p = positions[id]!
            guard let edge = index.nearestBoundary(to: p) else { continue }
            let degrees = ((edge.point.lon - p.lon) * (edge.point.lon - p.lon) + (edge.point.lat - p.lat) * (edge.point.lat - p.lat)).squareRoot()
            if degrees > 2e-7 { awayFromEdges.append("\(id): \(degrees)°") }
        }
        #expect(awayFromEdges.isEmpty, "GCJ-02 answers differ away from any edge: \(awayFromEdges.prefix(5))")
        // Positions exactly on an edge or a vertex come back from GCJ-02 a hair to one side.
        #expect(notOnABoundary == 0, "\(notOnABoundary) of \(differ) differing positions are off every boundary")
    }
}
