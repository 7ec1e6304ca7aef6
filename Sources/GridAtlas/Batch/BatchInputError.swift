/// Why a batch body cannot be read at all. Problems with single points never land here: they
/// become that point's error answer and the rest of the batch goes on.
public enum BatchInputError: Error, Equatable, CustomStringConvertible {
    /// The JSON or GeoJSON document is not readable: not JSON, cut short, or not the expected
    /// shape. `offset` counts bytes from 0; `line` and `column` (in characters) count from 1.
    case malformedJSON(offset: Int, line: Int, column: Int, reason: String)
    /// The CSV body is not readable: no header, no lon/lat columns, or broken quoting.
    case malformedCSV(line: Int, reason: String)
    /// More points than the service accepts in one request.
    case tooManyPoints(limit: Int)

    public var description: String {
        switch self {
        case .malformedJSON(let offset, let line, let column, let reason):
            "byte \(offset) (line \(line), column \(column)): \(reason)"
        case .malformedCSV(let line, let reason):
            "line \(line): \(reason)"
        case .tooManyPoints(let limit):
            "the batch holds more than \(limit) points, the most one request may send; split it into several requests"
        }
    }
}
