import Foundation
import Testing

/// `gridatlas catalogue` and `gridatlas reports` as a dispatcher uses them at a terminal.
extension CLITests {
    @Test func catalogueAndReportsAtTheCommandLine() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build gridatlas first (tools/test does)")
        let scratch = try Scratch()
        let store = scratch.storePath
        _ = try run(["import", "units", "data/demo/units.geojson", "--generation", "demo", "--activate", "--effective", "2024-01-01"], store: store)
        _ = try run(["import", "roster", "data/demo/roster.csv"], store: store)

        let noCatalogue = try run(["reports", "file", "--matter", "M001", "--lon", "108.43", "--lat", "24.31"], store: store)
        #expect(noCatalogue.status == 1 && noCatalogue.err.contains("no catalogue"))
        let broken = try run(["catalogue", "import", "--matters", "data/demo/roster.csv"], store: store)
        #expect(broken.status == 1 && broken.err.contains("missing column") && broken.err.contains("nothing was stored"))
        let imported = try run(["catalogue", "import", "--note", "first list"], store: store)
        #expect(imported.status == 0 && imported.out.contains("11 departments, 96 matters"), "\(imported.err)")
        #expect(try run(["catalogue", "list", "--versions"], store: store).out.contains("96 matters  first list"))

        let photo = try scratch.write("photo.jpg", "same bytes")
        let filed = try run(["reports", "file", "--matter", "M001", "--lon", "108.43", "--lat", "24.31", "--media", photo.path,
                             "--at", "2026-03-02T09:00:00+08:00"], store: store)
        #expect(filed.status == 0, "\(filed.err)")
        #expect(filed.out.hasPrefix("1  2026-03-02T09:00:00+08:00  M001  reported") && filed.out.contains("→ fire / W"))
        let again = try run(["reports", "file", "--matter", "M002", "--lon", "108.0", "--lat", "24.0", "--media", photo.path], store: store)
        #expect(again.out.contains("manual dispatch") && again.out.contains("photo reused by 1"), "\(again.out)")
        let bad = try run(["reports", "file", "--matter", "M001", "--lon", "108.43", "--lat", "95"], store: store)
        #expect(bad.status == 1 && bad.err.contains("lat"))

        let illegal = try run(["reports", "move", "1", "--to", "closed"], store: store)
        #expect(illegal.status == 1 && illegal.err.contains("Allowed next: accepted, rejected"))
        let moved = try run(["reports", "move", "1", "--to", "accepted", "--note", "属实"], store: store)
        #expect(moved.status == 0 && moved.out.contains("accepted"))
        let shown = try run(["reports", "show", "1"], store: store)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.out.utf8)) as? [String: Any])
        #expect(object["status_notes"] as? String == "属实")
        #expect((object["history"] as? [[String: Any]])?.map { $0["to"] as? String } == ["reported", "accepted"])
        #expect(try run(["reports", "list", "--state", "accepted"], store: store).out.split(separator: "\n").count == 1)
        #expect(try run(["reports", "list", "--state", "nonsense"], store: store).status != 0)
    }
}
