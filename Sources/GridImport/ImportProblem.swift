/// One thing wrong with an import, said so that a user can find and fix it:
/// which file, which feature or line, which unit code, which field, and why.
public struct ImportProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var source: String
    /// `feature 12` (0-based, as GDAL and QGIS count features) or `line 7` (1-based, header is line 1).
    public var location: String
    public var code: String?
    public var field: String
    public var reason: String

    public init(source: String, location: String, code: String? = nil, field: String, reason: String) {
        self.source = source
        self.location = location
        self.code = code
        self.field = field
        self.reason = reason
    }

    public var description: String {
        "\(source): \(location)\(code.map { " (code \($0))" } ?? ""), field \(field): \(reason)"
    }
}

/// An import refused as a whole: nothing was stored.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(_ problems: [ImportProblem]) {
        self.problems = problems
    }

    public var description: String {
        let shown = problems.prefix(50).map { "  - \($0)" }
        let more = problems.count > 50 ? ["  ... and \(problems.count - 50) more"] : []
        return (["import rejected, nothing was stored (\(problems.count) problem\(problems.count == 1 ? "" : "s")):"] + shown + more)
            .joined(separator: "\n")
    }
}
