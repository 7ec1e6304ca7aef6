import Foundation
import GridDomain

/// Every grid's warning level at a moment (the answer of `GET /warnings`): the rule applied,
/// the count of grids at each level, and the grids at or above a level, worst first.
public struct WarningBoard: Sendable, Equatable, Codable {
    public var at: String
    public var windowFrom: String
    public var generation: String
    public var measure: String
    public var windowHours: Double
    public var matters: [String]?
    public var departments: [String]?
    public var thresholds: [Double]
    /// Levels 4 down to 0, each with its grid count (every grid of the generation is counted).
    public var levels: [LevelSummary]
    /// Grids at `minimum_level` or above: level descending, then value descending, then code.
    public var grids: [GridWarning]

    enum CodingKeys: String, CodingKey {
        case at, generation, measure, matters, departments, thresholds, levels, grids
        case windowFrom = "window_from"
        case windowHours = "window_hours"
    }
}
