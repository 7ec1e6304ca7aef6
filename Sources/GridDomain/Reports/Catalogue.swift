/// A department (职能部门) that handles listed matters.
public struct Department: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var nameEn: String

    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }
}

/// A listed matter (入格事项): the category a report is filed under. It names the department
/// that handles it, and for matters spanning departments, the co-departments and the one named
/// lead (托底) that answers for the case when the others do not.
public struct Matter: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var department: String
    public var coDepartments: [String]
    public var lead: String
    public var deadlineHours: Int
    public var batch: Int

    public init(code: String, name: String, department: String, coDepartments: [String] = [], lead: String,
                deadlineHours: Int, batch: Int = 1) {
        self.code = code
        self.name = name
        self.department = department
        self.coDepartments = coDepartments
        self.lead = lead
        self.deadlineHours = deadlineHours
        self.batch = batch
    }

    /// The department a new case goes to: the lead, which is the handling department unless a
    /// matter spans several and names another.
    public var routedDepartment: String { lead }
}

/// One version of the departments and matters. Catalogues are never edited in place: each import
/// is a new version, and a report keeps the matter, department and deadline of its own day.
public struct Catalogue: Sendable, Equatable {
    public var version: Int64
    public var departments: [Department]
    public var matters: [Matter]
    private var departmentIndex: [String: Int] = [:]
    private var matterIndex: [String: Int] = [:]

    public init(version: Int64, departments: [Department], matters: [Matter]) {
        self.version = version
        self.departments = departments
        self.matters = matters
        for (i, d) in departments.enumerated() { departmentIndex[d.code] = i }
        for (i, m) in matters.enumerated() { matterIndex[m.code] = i }
    }

    public static let empty = Catalogue(version: 0, departments: [], matters: [])

    public func matter(_ code: String) -> Matter? { matterIndex[code].map { matters[$0] } }
    public func department(_ code: String) -> Department? { departmentIndex[code].map { departments[$0] } }

    public static func == (a: Catalogue, b: Catalogue) -> Bool {
        a.version == b.version && a.departments == b.departments && a.matters == b.matters
    }
}
