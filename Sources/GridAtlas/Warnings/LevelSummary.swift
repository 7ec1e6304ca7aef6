import GridDomain

/// How many grids stand at one level, with the level's colour and threshold.
public struct LevelSummary: Sendable, Equatable, Codable {
    public var level: Int
    public var colour: String
    public var colourZh: String
    /// The value from which a grid is at this level (null for level 0).
    public var threshold: Double?
    public var grids: Int

    public init(level: WarningLevel, rule: WarningRule, grids: Int) {
        self.level = level.rawValue
        colour = level.colour
        colourZh = level.chineseName
        threshold = rule.threshold(of: level)
        self.grids = grids
    }

    enum CodingKeys: String, CodingKey {
        case level, colour, threshold, grids
        case colourZh = "colour_zh"
    }
}
