import Foundation
import Testing

/// `gridatlas drafts` run as a planner would: a split, a merge, the log, undo, and refusals
/// with exit code 1 and a message on standard error.
@Suite struct DraftsCLITests {
    let cli = CLITests()

    @Test func aPlannerRedrawsTwoGridsFromTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let store = try Scratch().storePath
        #expect(try cli.run(["import", "units", "data/demo/units.geojson", "--generation", "2024", "--activate", "--effective", "2024-01-01"],
                            store: store).status == 0)
        let created = try cli.run(["drafts", "create", "2027", "--note", "鹤山 re-cut"], store: store)
        #expect(created.status == 0 && created.out.contains("started from '2024' (147 units)"), "\(created.err)")

        // Grid 001 spans 24.3559-24.3709°N: a west-east line at 24.363 crosses it.
        let split = try cli.run(["drafts", "split", "2027", "450299001001001", "--line", "LINESTRING (108.41 24.363, 108.45 24.363)",
                                 "--names", "北片", "南片"], store: store)
        #expect(split.status == 0, "\(split.err)")
        #expect(split.out.contains("revision 2: split 450299001001001 into 450299001001001 and 450299001001006"))
        #expect(split.out.contains("'北片'") && split.out.contains("'南片'"))

        let merge = try cli.run(["drafts", "merge", "2027", "450299001001006", "450299001001002", "--into", "450299001001002"], store: store)
        #expect(merge.status == 0 && merge.out.contains("revision 3: merge 450299001001006 into 450299001001002"), "\(merge.err)")

        let log = try cli.run(["drafts", "log", "2027"], store: store)
        #expect(log.out.split(separator: "\n").filter { !$0.hasPrefix(" ") }.count == 3)
        #expect(log.out.contains("cli:"))

        let undo = try cli.run(["drafts", "undo", "2027"], store: store)
        #expect(undo.status == 0 && undo.out.hasPrefix("undone 3: merge"))

        let located = try cli.run(["resolve", "108.43", "24.358", "--generation", "2027"], store: store)
        #expect(located.out.contains("450299001001006") || located.out.contains("450299001001001"))
    }

    @Test func refusedEditsExitWithOneAndSayWhy() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLITests.binary.path), "build gridatlas first (tools/test does)")
        let store = try Scratch().storePath
        _ = try cli.run(["import", "units", "data/demo/units.geojson", "--generation", "2024", "--activate", "--effective", "2024-01-01"], store: store)
        _ = try cli.run(["drafts", "create", "d"], store: store)
        let cases: [([String], String)] = [
            (["drafts", "split", "d", "450299001001001", "--line", "LINESTRING (108.0 24.0, 108.1 24.0)"], "cuts 450299001001001 into 1 piece"),
            (["drafts", "split", "d", "450299001001001", "--line", "POINT (1 2)"], "must be one LineString"),
            (["drafts", "merge", "d", "450299001001001", "450299001001999"], "no unit with code 450299001001999"),
            (["drafts", "set", "d", "450299001001001", "--households", "-5"], "whole number"),
            (["drafts", "renumber", "d", "450299001001001", "450299001002001"], "must extend its parent's code"),
            (["drafts", "set", "2024", "450299001001001", "--name", "x"], "is published"),
            (["drafts", "undo", "d"], "no change left to undo"),
            (["drafts", "create", "d"], "already exists"),
        ]
        for (arguments, words) in cases {
            let result = try cli.run(arguments, store: store)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.err.contains(words), "\(arguments): \(result.err)")
        }
        #expect(try cli.run(["drafts", "log", "d"], store: store).out.split(separator: "\n").count == 1)
    }
}
