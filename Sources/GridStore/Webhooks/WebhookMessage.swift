import Foundation

/// One event as it goes to every subscription that wants it: the body is made once, so every
/// subscriber and every retry gets the same bytes (and the same event id to deduplicate on).
public struct WebhookMessage: Sendable, Equatable {
    public var eventId: String
    public var type: WebhookEventType
    /// The grid the event is about (subscriptions filter on it).
    public var grid: String?
    public var body: Data
    public var time: Date

    public init(eventId: String, type: WebhookEventType, grid: String?, body: Data, time: Date) {
        self.eventId = eventId
        self.type = type
        self.grid = grid
        self.body = body
        self.time = time
    }
}
