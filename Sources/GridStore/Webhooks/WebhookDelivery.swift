import Foundation

/// One event for one subscription, with every attempt made so far.
public struct WebhookDelivery: Sendable, Equatable {
    public var id: Int64
    public var webhookId: String
    public var eventId: String
    public var event: WebhookEventType
    public var grid: String?
    public var createdAt: Date
    public var state: WebhookDeliveryState
    public var nextAttemptAt: Date?
    public var finishedAt: Date?
    public var attempts: [WebhookAttempt]
    /// The body as sent (what the signature covers).
    public var body: Data

    public init(id: Int64, webhookId: String, eventId: String, event: WebhookEventType, grid: String?, createdAt: Date,
                state: WebhookDeliveryState, nextAttemptAt: Date?, finishedAt: Date?, attempts: [WebhookAttempt], body: Data) {
        self.id = id
        self.webhookId = webhookId
        self.eventId = eventId
        self.event = event
        self.grid = grid
        self.createdAt = createdAt
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.finishedAt = finishedAt
        self.attempts = attempts
        self.body = body
    }
}
