import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridStore
import Testing

@Suite struct RosterImportTests {
    let header = "worker_id,name,phone,role,unit_code,valid_from,valid_to\n"
    let grid = "450299001001001"

    func rejection(_ csv: String, replace: Bool = false) throws -> String {
        let (_, atlas) = try DemoFiles.loaded()
        let before = try StoreSnapshot(atlas.store)
        var message = ""
        do {
            _ = try atlas.importRoster(name: "roster.csv", data: Data(csv.utf8), replace: replace)
            Issue.record("the roster was accepted")
        } catch {
            message = "\(error)"
        }
        #expect(try StoreSnapshot(atlas.store) == before)
        return message
    }

    @Test func badRowsAreNamedByLineAndField() throws {
        let message = try rejection(header + """
            X1,张三,13900000001,leader,\(grid),2024-01-01,
            X2,李四,13900000002,boss,\(grid),2024-01-01,
            X3,王五,call me,fulltime,\(grid),,
            X4,赵六,13900000004,parttime,450299999999999,,
            X5,钱七,13900000005,parttime,\(grid),2024-02-30,
            X6,孙八,13900000006,parttime,\(grid),2025-01-01,2024-01-01
            X1,张三,13900000001,leader,\(grid),2024-01-01,

            """)
        #expect(message.contains("roster.csv: line 3 (code \(grid)), field role: 'boss' is not a role"))
        #expect(message.contains("line 4 (code \(grid)), field phone"))
        #expect(message.contains("line 5 (code 450299999999999), field unit_code: no unit with code 450299999999999"))
        #expect(message.contains("line 6 (code \(grid)), field valid_from"))
        #expect(message.contains("line 7 (code \(grid)), field valid_to: must be later than valid_from"))
        #expect(message.contains("line 8 (code \(grid)), field worker_id: duplicate: line 2"))
        #expect(!message.contains("roster.csv: line 2 "))
    }

    @Test func malformedCSV() throws {
        #expect(try rejection(header + "X1,\"unclosed,13900000001,leader,\(grid),,\n").contains("line 2, field csv: a quoted field is never closed"))
        #expect(try rejection(header + "X1,张三,13900000001\n").contains("line 2, field csv: 3 fields, but the header has 7"))
        #expect(try rejection("worker,name\nX1,张三\n").contains("missing columns worker_id, phone, role, unit_code"))
        #expect(try rejection("").contains("empty"))
        #expect(try rejection(header + "X1,张三,,leader,,,\n").contains("line 2, field phone: required"))
    }

    @Test func duplicateOfAStoredEntryRollsBack() throws {
        // Valid on its own, but W00001 from 2024-01-01 on that grid is already stored.
        let first = String(String(decoding: DemoFiles.roster, as: UTF8.self).split(separator: "\n")[1])
        let csv = header + "N1,新人,13900000099,parttime,\(grid),2024-01-01,\n" + first + "\n"
        let message = try rejection(csv)
        #expect(message.contains("roster.csv: line 3 (code \(grid)), field worker_id: duplicate: the stored roster already assigns worker W00001"))
    }

    @Test func replaceSwapsTheWholeRoster() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let count = try atlas.importRoster(name: "r.csv", data: Data((header + "N1,新人,13900000099,fulltime,\(grid),2026-01-01,\n").utf8), replace: true)
        #expect(count == 1)
        #expect(try atlas.store.roster().count == 1)
        let answer = try atlas.resolve(try DemoFiles.interiorPoint(of: grid, in: atlas), converter: try CoordinateConverter(from: .wgs84),
                                       at: Dates.parse("2026-06-01")!)
        #expect(answer.units.last?.code == grid)
        #expect(answer.workers.map(\.id) == ["N1"])
    }
}
