import Foundation
import GridDomain

/// A grid's warning level as last recorded, and since when.
public struct GridLevelState: Sendable, Equatable {
    public var grid: String
    public var level: WarningLevel
    public var value: Double?
    public var reports: Int
    public var changedAt: Date

    public init(grid: String, level: WarningLevel, value: Double?, reports: Int, changedAt: Date) {
        self.grid = grid
        self.level = level
        self.value = value
        self.reports = reports
        self.changedAt = changedAt
    }
}
