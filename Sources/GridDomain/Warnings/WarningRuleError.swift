/// A warning rule refused, naming the field at fault as the HTTP body and the CLI spell it.
public struct WarningRuleError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
