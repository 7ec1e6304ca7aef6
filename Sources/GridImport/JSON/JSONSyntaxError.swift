/// Why a JSON document cannot be read, and where: what ``JSONCursor`` throws.
///
/// Kept free of any reader's vocabulary so that every reader built on the cursor (the batch
/// bodies of `POST /locate`, the units of an import) words it its own way: the batch readers turn
/// it into `BatchInputError.malformedJSON`, the unit reader into an `ImportProblem`.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bytes from the start of the document, from 0.
    public var offset: Int
    /// Line and column (in characters, not bytes), from 1.
    public var line: Int
    public var column: Int
    public var reason: String

    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "byte \(offset) (line \(line), column \(column)): \(reason)" }
}
