/// The four early-warning levels (四级预警) in China's emergency colours, and level 0 for none.
/// Higher is worse: 1 blue (蓝色), 2 yellow (黄色), 3 orange (橙色), 4 red (红色).
public enum WarningLevel: Int, CaseIterable, Sendable, Comparable, Codable, CustomStringConvertible {
    case none = 0
    case blue = 1
    case yellow = 2
    case orange = 3
    case red = 4

    public static func < (a: WarningLevel, b: WarningLevel) -> Bool { a.rawValue < b.rawValue }

    /// English colour name as answers carry it (`none` for level 0).
    public var colour: String {
        switch self {
        case .none: "none"
        case .blue: "blue"
        case .yellow: "yellow"
        case .orange: "orange"
        case .red: "red"
        }
    }

    /// The colour as a dispatch centre's screen names it (蓝色预警 …).
    public var chineseName: String {
        switch self {
        case .none: "无"
        case .blue: "蓝色"
        case .yellow: "黄色"
        case .orange: "橙色"
        case .red: "红色"
        }
    }

    public var description: String { "\(rawValue) (\(colour))" }
}
