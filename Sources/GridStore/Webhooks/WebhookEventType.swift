/// What a webhook subscription can ask to be told about.
public enum WebhookEventType: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// A grid's warning level went up or down.
    case levelChanged = "level_changed"
    /// A report was filed in a watched grid.
    case reportFiled = "report_filed"

    public var description: String { rawValue }
}
