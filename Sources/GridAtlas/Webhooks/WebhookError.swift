/// A subscription refused (the field at fault, as the HTTP body names it), or not found.
public enum WebhookError: Error, Equatable, CustomStringConvertible {
    case badField(String, String)
    case notFound(String)

    public var field: String {
        switch self {
        case .badField(let field, _): field
        case .notFound: "id"
        }
    }

    public var description: String {
        switch self {
        case .badField(let field, let message): "\(field): \(message)"
        case .notFound(let id): "no webhook with id '\(id)' (see GET /webhooks)"
        }
    }
}
