import Foundation
import GridAtlas
import Logging

/// Everything `gridatlas serve` can be told, with the defaults a dispatch centre starts from.
public struct ServerConfiguration: Sendable {
    public enum ReadAccess: String, Sendable, CaseIterable {
        /// Anyone on the network may read boundaries and look up points (phones stay hidden).
        case `public`
        /// Every request needs a key; viewer is enough to read.
        case keyed
    }

    public var host = "127.0.0.1"
    public var port = 8080
    public var reads: ReadAccess = .public
    public var logLevel: Logger.Level = .info
    /// Largest request body accepted, in bytes (imports and batches).
    public var maxBodyBytes = 64 * 1024 * 1024
    /// Largest number of points in one batch request.
    public var maxBatchPoints = 100_000
    /// Longest a geometry or density question may run before the server gives up on it.
    public var queryTimeoutSeconds = 10.0
    /// Heavy questions (overlays, diffs, checks, batches, exports) running at once, and waiting
    /// beyond those; any more are answered 503 with `Retry-After` at once (see `HeavyWorkGate`).
    public var heavyRunning = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var heavyWaiting = 64
    /// Requests a second per API key and per address without a key; 0: no limit (see `RateLimiter`).
    public var ratePerKey = 0.0
    public var ratePerAddress = 0.0
    /// Largest bbox side, in degrees, for intersection and Features queries.
    public var maxBBoxDegrees = 5.0
    /// Size limits of boundary questions (box area, simplify tolerance, input vertices, classes).
    public var queryLimits = QueryLimits()
    /// Largest `limit` on a Features page.
    public var maxPageSize = 10_000
    /// Intake rules for reports: duplicate radius and window, field lengths.
    public var intake = IntakeRules()
    /// Early warning sweep and webhook delivery (retries, timeouts).
    public var warnings = WarningConfiguration()
    /// Where Leaflet's files are (Debian's libjs-leaflet, with its marker-cluster plugin); the map
    /// console loads them from the server, as no other host may be reachable from a dispatch centre.
    public var leafletDirectory = "/usr/share/javascript/leaflet"

    public init() {}
}
