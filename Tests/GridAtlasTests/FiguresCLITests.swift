import Foundation
import GridAtlas
import GridDomain
import Testing

/// `gridatlas figures ...` run as a user would, on a store the tests filed reports into.
@Suite struct FiguresCLITests {
    @Test func figuresPrintTablesAndTheSameJSONAsTheLibrary() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let (scratch, desk) = try DemoFiles.desk()
        let seeded = try FigureSeed.file(desk)
        let closing = Dates.parse("2026-09-15T10:00:00+08:00")!
        for r in seeded.filter({ $0.requestedAt < Dates.parse("2026-09-14")! }).prefix(12) {
            _ = try FigureSeed.close(desk, r, at: closing.addingTimeInterval(Double(r.id) * 60))
        }
        let cli = CLITests()
        let window = ["--from", "2026-09-01", "--to", "2026-10-01"]

        let json = try cli.run(["figures", "density", "--tier", "community", "--json"] + window, store: scratch.storePath)
        #expect(json.status == 0, "\(json.err)")
        let decoded = try JSONDecoder().decode(ReportDensity.self, from: Data(json.out.utf8))
        #expect(decoded == (try ReportFigures(desk: desk).density(tier: .community, window: FigureSeed.window)))

        let table = try cli.run(["figures", "density"] + window, store: scratch.storePath)
        #expect(table.status == 0 && table.out.contains("450299001001001") && table.out.contains("unmatched"), "\(table.err)")
        let workers = try cli.run(["figures", "workers"] + window, store: scratch.storePath)
        #expect(workers.status == 0 && workers.out.contains("W0"), "\(workers.err)")
        let performance = try cli.run(["figures", "performance", "--by", "department", "--now", "2026-10-02"] + window, store: scratch.storePath)
        #expect(performance.status == 0 && performance.out.contains("fire") && performance.out.contains("(total)"), "\(performance.err)")
        let bins = try cli.run(["figures", "bins", "--cell", "300", "--shape", "hex"] + window, store: scratch.storePath)
        let map = try JSONSerialization.jsonObject(with: Data(bins.out.utf8)) as? [String: Any]
        #expect(map?["type"] as? String == "FeatureCollection" && map?["count"] as? Int == FigureSeed.within(seeded, FigureSeed.from, FigureSeed.to).count)
        let sample = try cli.run(["figures", "spot-check", "--week", "2026-W38", "--seed", "7"], store: scratch.storePath)
        #expect(sample.status == 0 && sample.out.contains("2026-W38") && sample.out.contains("#"), "\(sample.err)")
        #expect(try cli.run(["figures", "spot-check", "--week", "2026-W38", "--seed", "7"], store: scratch.storePath).out == sample.out)

        // Bad parameters: a message naming the parameter and exit code 1.
        let bad = try cli.run(["figures", "density", "--status", "lost"], store: scratch.storePath)
        #expect(bad.status == 1 && bad.err.contains("status"))
        let small = try cli.run(["figures", "bins", "--cell", "5"], store: scratch.storePath)
        #expect(small.status == 1 && small.err.contains("cell"))
    }
}
