import Foundation

/// How reports turn into warning levels: a measure over a sliding window of time, optionally
/// narrowed to some matters or departments, and four ascending thresholds. A grid whose value
/// reaches threshold k (value ≥ thresholds[k-1]) is at level k; below the first it is at 0.
///
/// The window is `(at − window, at]`: a report filed at `at` counts at once, and drops out
/// exactly `windowHours` later (the periodic sweep lowers levels as reports age out).
public struct WarningRule: Sendable, Equatable {
    public var measure: WarningMeasure
    public var windowHours: Double
    /// Only reports of these matters (nil: every matter).
    public var matters: [String]?
    /// Only reports handled by these departments (nil: every department).
    public var departments: [String]?
    /// Levels 1…4, strictly ascending and positive.
    public var thresholds: [Double]
    /// When and by whom it was set; nil for the built-in default.
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(measure: WarningMeasure, windowHours: Double, matters: [String]? = nil, departments: [String]? = nil,
                thresholds: [Double], updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.measure = measure
        self.windowHours = windowHours
        self.matters = matters
        self.departments = departments
        self.thresholds = thresholds
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// The rule a store starts with: 3 / 5 / 8 / 12 reports in a grid within 7 days. A grid
    /// worker handles a few cases a week; three in one grid in a week is worth a look (blue),
    /// twelve means something is going on there (red).
    public static let standard = WarningRule(measure: .count, windowHours: 168, thresholds: [3, 5, 8, 12])

    /// Longest window: a year (leap) of hours. Longer windows stop being a warning.
    public static let maxWindowHours = 8784.0

    public var window: TimeInterval { windowHours * 3600 }

    /// The level a value reaches; nil (no value: a grid without households under
    /// `per_1000_households`) is level 0.
    public func level(for value: Double?) -> WarningLevel {
        guard let value, value.isFinite else { return .none }
        var level = 0
        for (i, threshold) in thresholds.enumerated() where value >= threshold { level = i + 1 }
        return WarningLevel(rawValue: min(level, 4)) ?? .none
    }

    /// The threshold of a level 1…4 (nil for level 0).
    public func threshold(of level: WarningLevel) -> Double? {
        level == .none || thresholds.count < level.rawValue ? nil : thresholds[level.rawValue - 1]
    }

    /// Checks everything but the catalogue codes; throws for the first field at fault.
    public func validate() throws(WarningRuleError) {
        guard windowHours.isFinite, windowHours > 0 else {
            throw WarningRuleError(field: "window_hours", "must be a positive number of hours, got \(windowHours)")
        }
        guard windowHours <= Self.maxWindowHours else {
            throw WarningRuleError(field: "window_hours", "\(windowHours) is longer than a year (\(Int(Self.maxWindowHours)) hours)")
        }
        guard thresholds.count == 4 else {
            throw WarningRuleError(field: "thresholds", "needs exactly 4 numbers (levels 1 blue, 2 yellow, 3 orange, 4 red), got \(thresholds.count)")
        }
        guard thresholds.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw WarningRuleError(field: "thresholds", "must all be positive finite numbers")
        }
        guard zip(thresholds, thresholds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw WarningRuleError(field: "thresholds", "must be strictly ascending (level 1 lowest), got \(thresholds.map(Self.text))")
        }
        if let matters, matters.isEmpty {
            throw WarningRuleError(field: "matters", "an empty list matches no report; leave it out (or null) for every matter")
        }
        if let departments, departments.isEmpty {
            throw WarningRuleError(field: "departments", "an empty list matches no report; leave it out (or null) for every department")
        }
    }

    /// Also checks the matter and department codes against the catalogue in force.
    public func validate(against catalogue: Catalogue) throws(WarningRuleError) {
        try validate()
        if let unknown = matters?.first(where: { catalogue.matter($0) == nil }) {
            throw WarningRuleError(field: "matters", "unknown matter '\(unknown)' (see services.json)")
        }
        if let unknown = departments?.first(where: { catalogue.department($0) == nil }) {
            throw WarningRuleError(field: "departments", "unknown department '\(unknown)'")
        }
    }

    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
