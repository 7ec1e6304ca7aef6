import Foundation
import GridImport
import GridSynth
import Testing

/// The committed data files are what the tools say they are.
@Suite struct DataFilesTests {
    @Test func demoFilesAreTheGeneratorsOutput() {
        let district = SyntheticDistrict(.demo)
        #expect(String(decoding: DemoFiles.units, as: UTF8.self) == UnitFeatureWriter.featureCollection(district.units),
                "data/demo/units.geojson differs from the generator: run tools/make-demo and commit")
        #expect(String(decoding: DemoFiles.roster, as: UTF8.self) == RosterWriter.csv(district.roster))
    }

    func table(_ path: String) throws -> CSVTable {
        try CSVTable(data: try #require(FileManager.default.contents(atPath: DemoFiles.root.appendingPathComponent(path).path)))
    }

    @Test func catalogueIsConsistent() throws {
        let departments = try table("data/catalogue/departments.csv")
        let matters = try table("data/catalogue/matters.csv")
        #expect(departments.header == ["code", "name", "name_en"])
        #expect(matters.header == ["code", "name", "department", "co_departments", "lead", "deadline_hours", "batch"])
        let known = Set(departments.records.map { $0.fields[0] })
        #expect(known.count == 11, "the 11 departments of DOMAIN.md")
        var codes = Set<String>()
        for row in matters.records {
            let f = row.fields
            #expect(codes.insert(f[0]).inserted, "line \(row.line): duplicate matter code \(f[0])")
            #expect(known.contains(f[2]), "line \(row.line): unknown department \(f[2])")
            let co = f[3].isEmpty ? [] : f[3].split(separator: ";").map(String.init)
            #expect(co.allSatisfy(known.contains), "line \(row.line): unknown co-department in \(f[3])")
            #expect(f[4] == f[2] || co.contains(f[4]), "line \(row.line): the lead must be the department or a co-department")
            #expect((Int(f[5]) ?? 0) > 0, "line \(row.line): deadline_hours")
        }
        for department in known {
            #expect(matters.records.filter { $0.fields[2] == department }.count >= 3, "\(department) has fewer than 3 matters")
        }
    }
}
