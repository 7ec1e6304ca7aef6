/// Where a delivery stands: waiting for its next attempt, answered 2xx, given up after the last
/// attempt, or cancelled because its subscription was removed before it got through.
public enum WebhookDeliveryState: String, CaseIterable, Sendable, Codable {
    case pending
    case delivered
    case failed
    case cancelled
}
