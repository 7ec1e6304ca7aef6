import Foundation

/// A webhook subscription (Tile38's geofence hooks as the model): where to POST, which events,
/// and which grids it watches. The signing secret is not part of it: it is read only to sign.
public struct WebhookSubscription: Sendable, Equatable {
    public var id: String
    public var url: String
    public var events: [WebhookEventType]
    /// Watched grid codes; nil watches every grid (allowed for `level_changed` only).
    public var grids: [String]?
    public var description: String?
    public var createdAt: Date
    public var createdBy: String?
    public var removedAt: Date?

    public init(id: String, url: String, events: [WebhookEventType], grids: [String]?, description: String? = nil,
                createdAt: Date, createdBy: String? = nil, removedAt: Date? = nil) {
        self.id = id
        self.url = url
        self.events = events
        self.grids = grids
        self.description = description
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.removedAt = removedAt
    }

    /// True when this subscription is told about `event` in `grid`.
    public func wants(_ event: WebhookEventType, grid: String?) -> Bool {
        guard removedAt == nil, events.contains(event) else { return false }
        guard let grids else { return true }
        guard let grid else { return false }
        return grids.contains(grid)
    }
}
