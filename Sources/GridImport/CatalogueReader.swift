import Foundation
import GridDomain

/// Reads the catalogue's two CSV files (departments, matters; see data/catalogue/README.md) and
/// checks them against each other. Every problem is reported with its file, line and field, and
/// one problem anywhere rejects both files.
public struct CatalogueReader: Sendable {
    public init() {}

    public func read(departments: (name: String, data: Data), matters: (name: String, data: Data)) throws(ImportRejected)
        -> (departments: [Department], matters: [Matter]) {
        var problems: [ImportProblem] = []
        let departmentRows = rows(departments, required: ["code", "name", "name_en"], problems: &problems)
        let matterRows = rows(matters, required: ["code", "name", "department", "co_departments", "lead", "deadline_hours"],
                              problems: &problems)

        var readDepartments: [Department] = []
        var seen: [String: Int] = [:]
        for row in departmentRows {
            let code = row["code"], problem = row.problem(departments.name)
            if !Self.isCode(code) {
                problems.append(problem("code", "'\(code)' is not a code: letters, digits, '-' or '_', no spaces"))
            } else if let first = seen[code] {
                problems.append(problem("code", "duplicate department code '\(code)' (first on line \(first))"))
            }
            if row["name"].isEmpty { problems.append(problem("name", "is empty")) }
            seen[code] = seen[code] ?? row.line
            readDepartments.append(Department(code: code, name: row["name"], nameEn: row["name_en"]))
        }

        var readMatters: [Matter] = []
        var matterLines: [String: Int] = [:], nameLines: [String: Int] = [:]
        for row in matterRows {
            let code = row["code"], name = row["name"], problem = row.problem(matters.name, code: code)
            if !Self.isCode(code) {
                problems.append(problem("code", "'\(code)' is not a code: letters, digits, '-' or '_', no spaces"))
            } else if let first = matterLines[code] {
                problems.append(problem("code", "duplicate matter code '\(code)' (first on line \(first))"))
            }
            matterLines[code] = matterLines[code] ?? row.line
            if name.isEmpty {
                problems.append(problem("name", "is empty"))
            } else if let first = nameLines[name] {
                problems.append(problem("name", "duplicate matter name '\(name)' (first on line \(first))"))
            }
            nameLines[name] = nameLines[name] ?? row.line
            let department = row["department"]
            if seen[department] == nil { problems.append(problem("department", "'\(department)' is not in \(departments.name)")) }
            let co = row["co_departments"].split(separator: ";").map(String.init)
            for other in co where seen[other] == nil {
                problems.append(problem("co_departments", "'\(other)' is not in \(departments.name)"))
            }
            if co.contains(department) { problems.append(problem("co_departments", "lists the handling department '\(department)' again")) }
            let lead = row["lead"].isEmpty ? department : row["lead"]
            if lead != department && !co.contains(lead) {
                problems.append(problem("lead", "'\(lead)' must be the department or one of the co-departments"))
            }
            let deadline = Int(row["deadline_hours"])
            if deadline == nil || deadline! <= 0 {
                problems.append(problem("deadline_hours", "'\(row["deadline_hours"])' is not a positive whole number of hours"))
            }
            var batch = 1
            if let text = row.optional("batch"), !text.isEmpty {
                if let value = Int(text), value > 0 { batch = value } else {
                    problems.append(problem("batch", "'\(text)' is not a positive whole number"))
                }
            }
            readMatters.append(Matter(code: code, name: name, department: department, coDepartments: co, lead: lead,
                                      deadlineHours: deadline ?? 0, batch: batch))
        }
        if readMatters.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(source: matters.name, location: "line 2", field: "code", reason: "no matters: a catalogue needs at least one"))
        }
        guard problems.isEmpty else { throw ImportRejected(problems) }
        return (readDepartments, readMatters)
    }

    static func isCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 32 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    struct Row {
        var line: Int
        var values: [String: String]
        subscript(_ name: String) -> String { values[name] ?? "" }
        func optional(_ name: String) -> String? { values[name] }
        func problem(_ source: String, code: String? = nil) -> (String, String) -> ImportProblem {
            { field, reason in ImportProblem(source: source, location: "line \(line)", code: code, field: field, reason: reason) }
        }
    }

    private func rows(_ file: (name: String, data: Data), required: [String], problems: inout [ImportProblem]) -> [Row] {
        let table: CSVTable
        do { table = try CSVTable(data: file.data) } catch {
            problems.append(ImportProblem(source: file.name, location: "line \(error.line)", field: "-", reason: error.reason))
            return []
        }
        let missing = required.filter { table.column($0) == nil }
        guard missing.isEmpty else {
            problems.append(ImportProblem(source: file.name, location: "line 1", field: missing.joined(separator: ", "),
                                          reason: "missing column; the header needs \(required.joined(separator: ","))"))
            return []
        }
        return table.records.map { record in
            var values: [String: String] = [:]
            for (i, name) in table.header.enumerated() { values[name] = record.fields[i].trimmingCharacters(in: .whitespaces) }
            return Row(line: record.line, values: values)
        }
    }
}
