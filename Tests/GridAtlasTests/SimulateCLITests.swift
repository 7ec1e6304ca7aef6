import Foundation
import GridAtlas
import GridDomain
import GridStore
import Testing

/// `gridatlas reports simulate` on a store made the way tools/run makes it.
extension CLITests {
    /// Units (activated from 2024-01-01) and roster, and the catalogue unless told otherwise.
    func demoStore(catalogue: Bool = true) throws -> String {
        let store = try Scratch().storePath
        _ = try run(["import", "units", "data/demo/units.geojson", "--generation", "demo-2024", "--activate", "--effective", "2024-01-01"],
                    store: store)
        _ = try run(["import", "roster", "data/demo/roster.csv"], store: store)
        if catalogue { _ = try run(["catalogue", "import"], store: store) }
        return store
    }

    @Test func simulateFilesAHistoryOnceAndAgainOnlyWithAppend() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let store = try demoStore()
        let now = "2026-11-24T10:00:00+08:00"
        let first = try run(["reports", "simulate", "--now", now], store: store)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.hasPrefix("filed 1500 simulated reports from 2026-05-28 to \(now)"), "\(first.out)")
        for label in ["closed", "open", "rejected", "overdue", "warning levels at"] { #expect(first.out.contains(label)) }

        // The real warning path over the stored history: every level shows in the last week.
        let desk = ReportDesk(atlas: Atlas(store: try GridStore(path: store)))
        #expect(try desk.store.reportCount(ReportFilter()) == 1500)
        let board = try EarlyWarning(desk: desk).board(at: Dates.parse(now)!)
        for level in 1...4 { #expect(board.levels.first { $0.level == level }!.grids >= 1, "level \(level)") }
        let history = try desk.store.history(ofReport: 1)
        #expect(history.first?.to == .reported && history.allSatisfy { $0.actor == "simulate" })

        let again = try run(["reports", "simulate", "--now", now], store: store)
        #expect(again.status == 1 && again.err.contains("already holds 1500 reports") && again.err.contains("--append"), "\(again.err)")
        #expect(try desk.store.reportCount(ReportFilter()) == 1500)
        let appended = try run(["reports", "simulate", "--now", now, "--count", "100", "--days", "30", "--append"], store: store)
        #expect(appended.status == 0 && appended.out.hasPrefix("filed 100 simulated reports"), "\(appended.err)")
        #expect(try desk.store.reportCount(ReportFilter()) == 1600)
    }

    @Test func simulateNeedsACatalogueAndBoundariesOverTheSpan() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let bare = try demoStore(catalogue: false)
        let noCatalogue = try run(["reports", "simulate"], store: bare)
        #expect(noCatalogue.status == 1 && noCatalogue.err.contains("gridatlas catalogue import"), "\(noCatalogue.err)")

        let empty = try Scratch().storePath
        _ = try run(["catalogue", "import"], store: empty)
        let noUnits = try run(["reports", "simulate"], store: empty)
        #expect(noUnits.status == 1 && noUnits.err.contains("import units first"), "\(noUnits.err)")

        let store = try demoStore()
        let tooFar = try run(["reports", "simulate", "--now", "2026-11-24", "--days", "1200"], store: store)
        #expect(tooFar.status == 1 && tooFar.err.contains("before the first boundaries in force") && tooFar.err.contains("--days 1058 or fewer"),
                "\(tooFar.err)")
        let stored = try GridStore(path: store).reportCount(ReportFilter())
        #expect(stored == 0)
    }

    @Test func simulateRefusesBadArguments() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let store = try demoStore()
        let cases: [([String], String)] = [
            (["--count", "0"], "--count must be a whole number from 1 to 200000, got 0"),
            (["--days", "-1"], "--days must be a whole number from 1 to 3660, got -1"),
            (["--now", "yesterday"], "--now: 'yesterday' is not a date or date-time"),
            (["--now", "2999-01-01"], "is in the future"),
            (["--seed", "-5"], "--seed"),
        ]
        for (arguments, message) in cases {
            let refused = try run(["reports", "simulate"] + arguments, store: store)
            // A mistake in the command line itself: ArgumentParser's usage error, exit 64.
            #expect(refused.status == 64 && refused.err.contains(message), "\(arguments): \(refused.status) \(refused.err)")
        }
        let stored = try GridStore(path: store).reportCount(ReportFilter())
        #expect(stored == 0)
    }
}
