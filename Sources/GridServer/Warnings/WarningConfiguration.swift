import Foundation

/// How the server keeps warning levels current and delivers webhooks.
public struct WarningConfiguration: Sendable {
    /// Every grid is recomputed this often, so levels fall as reports age out of the window
    /// (a filed report updates its own grid at once).
    public var sweepInterval: TimeInterval = 60
    public var retry = WebhookRetryPolicy()
    /// Longest wait for a receiver's answer to one attempt.
    public var attemptTimeout: TimeInterval = 10
    /// The outbox is read at least this often, for deliveries queued by another process
    /// (`gridatlas warnings sweep`); this process's own wake the sender at once.
    public var pollInterval: TimeInterval = 5
    /// Deliveries in flight at once.
    public var concurrency = 8

    public init() {}
}
