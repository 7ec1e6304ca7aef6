/// Summaries that one extreme value cannot drag: minimum, median, maximum, and the outlier
/// threshold from the median absolute deviation.
public struct Distribution: Codable, Sendable, Equatable {
    public var count: Int
    public var min: Double?
    public var median: Double?
    public var max: Double?

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        min = sorted.first
        max = sorted.last
        median = RobustSpread.median(ofSorted: sorted)
    }
}

/// The workload outlier rule: a value is high when it lies above median + 3 × σ̂, where σ̂ is
/// the median absolute deviation scaled by 1.4826 (for normal data it then estimates the
/// standard deviation). When more than half the values are equal the MAD is 0; σ̂ falls back to
/// 1.2533 × the mean absolute deviation from the median, so a few heavy grids among many
/// identical ones are still found. When every value is equal nothing is an outlier.
public enum RobustSpread {
    public static let k = 3.0

    public static func median(ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }

    /// The threshold above which a value is a high outlier, or nil for no values.
    public static func highThreshold(_ values: [Double]) -> Double? {
        guard let centre = median(ofSorted: values.sorted()) else { return nil }
        let deviations = values.map { abs($0 - centre) }
        var spread = 1.4826 * (median(ofSorted: deviations.sorted()) ?? 0)
        if spread == 0 { spread = 1.2533 * deviations.reduce(0, +) / Double(deviations.count) }
        return centre + k * spread
    }
}
