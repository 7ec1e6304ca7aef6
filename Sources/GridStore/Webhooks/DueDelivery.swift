import Foundation

/// A pending delivery whose next attempt is due, with what sending it needs.
public struct DueDelivery: Sendable, Equatable {
    public var id: Int64
    public var webhookId: String
    public var url: String
    public var secret: String
    public var eventId: String
    public var event: WebhookEventType
    public var body: Data
    /// Attempts made before this one.
    public var attempts: Int

    public init(id: Int64, webhookId: String, url: String, secret: String, eventId: String, event: WebhookEventType,
                body: Data, attempts: Int) {
        self.id = id
        self.webhookId = webhookId
        self.url = url
        self.secret = secret
        self.eventId = eventId
        self.event = event
        self.body = body
        self.attempts = attempts
    }
}
