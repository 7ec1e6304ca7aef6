import Foundation
import GridDomain

/// Reads a roster CSV: `worker_id,name,phone,role,unit_code[,valid_from][,valid_to]`, any column
/// order, extra columns ignored; `code` is read as `unit_code` when the file has no `unit_code`
/// (the spelling of data/real/chancheng and of unit files). Roles: leader (网格长), fulltime (专职), parttime (兼职).
/// Dates as in ``Dates``; `valid_to` is exclusive and empty means still serving.
public struct RosterReader {
    public let source: String
    /// Whether a unit code exists in some stored generation.
    public let unitExists: (String) -> Bool
    /// Whether the store already assigns this worker to this unit from this date.
    public let alreadyStored: (RosterEntry) -> Bool

    public init(source: String, unitExists: @escaping (String) -> Bool, alreadyStored: @escaping (RosterEntry) -> Bool = { _ in false }) {
        self.source = source
        self.unitExists = unitExists
        self.alreadyStored = alreadyStored
    }

    /// The identity of an assignment: one worker, one unit, one start date.
    public static func key(_ e: RosterEntry) -> String {
        "\(e.workerId)|\(e.unitCode)|\(e.validFrom.map { String($0.timeIntervalSince1970) } ?? "always")"
    }

    static let required = ["worker_id", "name", "phone", "role", "unit_code"]

    public func read(_ data: Data) throws(ImportRejected) -> [RosterEntry] {
        let table: CSVTable
        do { table = try CSVTable(data: data) } catch {
            throw ImportRejected([ImportProblem(source: source, location: "line \(error.line)", field: "csv", reason: error.reason)])
        }
        // `code` stands for `unit_code` in files that name the unit as unit files do.
        let unitColumn = table.column("unit_code") == nil && table.column("code") != nil ? "code" : "unit_code"
        let missing = Self.required.filter { table.column($0 == "unit_code" ? unitColumn : $0) == nil }
        guard missing.isEmpty else {
            throw ImportRejected([ImportProblem(source: source, location: "line 1", field: "header",
                reason: "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); the header needs \(Self.required.joined(separator: ","))[,valid_from,valid_to]")])
        }
        var problems: [ImportProblem] = []
        var entries: [RosterEntry] = []
        var seen: [String: Int] = [:]
        for record in table.records {
            func value(_ name: String) -> String {
                table.column(name == "unit_code" ? unitColumn : name).map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            }
            let before = problems.count
            func report(_ field: String, _ reason: String) {
                problems.append(ImportProblem(source: source, location: "line \(record.line)", code: value("unit_code").isEmpty ? nil : value("unit_code"),
                                              field: field, reason: reason))
            }
            let workerId = value("worker_id"), name = value("name"), phone = value("phone"), unitCode = value("unit_code")
            if workerId.isEmpty { report("worker_id", "required") }
            if name.isEmpty { report("name", "required") }
            let digits = phone.filter(\.isNumber)
            if phone.isEmpty {
                report("phone", "required")
            } else if digits.count < 5 || digits.count > 20 || !phone.allSatisfy({ $0.isNumber || "+- ".contains($0) }) {
                report("phone", "'\(phone)' is not a phone number (5-20 digits, with + - or spaces)")
            }
            let role = RosterEntry.Role(rawValue: value("role").lowercased())
            if role == nil { report("role", "'\(value("role"))' is not a role: use leader, fulltime or parttime") }
            if unitCode.isEmpty {
                report("unit_code", "required")
            } else {
                do {
                    _ = try UnitCode.tier(of: unitCode)
                    if !unitExists(unitCode) { report("unit_code", "no unit with code \(unitCode) in any generation: import the units first") }
                } catch {
                    report("unit_code", error.description)
                }
            }
            var from: Date?, to: Date?
            if !value("valid_from").isEmpty {
                from = Dates.parse(value("valid_from"))
                if from == nil { report("valid_from", Dates.Invalid(text: value("valid_from")).description) }
            }
            if !value("valid_to").isEmpty {
                to = Dates.parse(value("valid_to"))
                if to == nil { report("valid_to", Dates.Invalid(text: value("valid_to")).description) }
            }
            if let from, let to, to <= from { report("valid_to", "must be later than valid_from") }
            let entry = RosterEntry(workerId: workerId, name: name, phone: phone, role: role ?? .parttime, unitCode: unitCode,
                                    validFrom: from, validTo: to)
            let key = Self.key(entry)
            if let earlier = seen[key] {
                report("worker_id", "duplicate: line \(earlier) already assigns worker \(workerId) to \(unitCode) from the same date")
            } else if alreadyStored(entry) {
                report("worker_id", "duplicate: the stored roster already assigns worker \(workerId) to \(unitCode) from the same date (use --replace to load a whole new roster)")
            }
            seen[key] = record.line
            guard problems.count == before, role != nil else { continue }
            entries.append(entry)
        }
        if table.records.isEmpty {
            problems.append(ImportProblem(source: source, location: "line 2", field: "csv", reason: "no roster rows after the header"))
        }
        guard problems.isEmpty else { throw ImportRejected(problems) }
        return entries
    }
}
