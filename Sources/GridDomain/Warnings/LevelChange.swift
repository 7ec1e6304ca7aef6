import Foundation

/// A grid's warning level moved (up as reports gather, down as they age out of the window or
/// the rule changes): what `level_changed` webhooks carry.
public struct LevelChange: Sendable, Equatable {
    public var grid: String
    public var from: WarningLevel
    public var to: WarningLevel
    /// The measure's value that decided `to` (nil when the grid has no value, e.g. no households).
    public var value: Double?
    /// Reports counted in the window.
    public var reports: Int
    public var at: Date

    public init(grid: String, from: WarningLevel, to: WarningLevel, value: Double?, reports: Int, at: Date) {
        self.grid = grid
        self.from = from
        self.to = to
        self.value = value
        self.reports = reports
        self.at = at
    }
}
