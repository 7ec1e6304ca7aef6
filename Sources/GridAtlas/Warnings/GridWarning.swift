import GridDomain

/// One grid's warning at a moment: its value under the rule and the level that reaches.
public struct GridWarning: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var level: Int
    public var colour: String
    public var colourZh: String
    /// The measure's value (reports, per km² or per 1,000 households); null without base data.
    public var value: Double?
    /// Reports counted in the window.
    public var reports: Int
    /// The value at which the next level starts (null at level 4).
    public var nextThreshold: Double?

    public init(code: String, name: String, level: WarningLevel, value: Double?, reports: Int, rule: WarningRule) {
        self.code = code
        self.name = name
        self.level = level.rawValue
        colour = level.colour
        colourZh = level.chineseName
        self.value = value
        self.reports = reports
        nextThreshold = WarningLevel(rawValue: level.rawValue + 1).flatMap(rule.threshold(of:))
    }

    enum CodingKeys: String, CodingKey {
        case code, name, level, colour, value, reports
        case colourZh = "colour_zh"
        case nextThreshold = "next_threshold"
    }
}
