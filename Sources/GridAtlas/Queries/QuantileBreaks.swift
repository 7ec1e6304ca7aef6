/// Class breaks that put about as many values in each class: the usual choice for a choropleth
/// of skewed figures such as households per km².
public struct QuantileBreaks: Sendable, Equatable {
    /// `classes + 1` values: the minimum, the interior breaks, the maximum (empty without values).
    /// Class i holds the values in (breaks[i], breaks[i + 1]], class 0 also its lower end.
    public let breaks: [Double]
    public let classes: Int

    /// Interior breaks are the j/k quantiles (j = 1...k-1), linearly interpolated between ranks
    /// (the "type 7" definition of R and NumPy). Non-finite values are ignored.
    public init(values: [Double], classes: Int) {
        self.classes = max(classes, 1)
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else {
            breaks = []
            return
        }
        var breaks = [first]
        for j in 1..<self.classes {
            let h = Double(sorted.count - 1) * Double(j) / Double(self.classes)
            let low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
            breaks.append(sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low]))
        }
        breaks.append(last)
        self.breaks = breaks
    }

    /// The class of `value`, 0...classes-1: the number of interior breaks below it. Never
    /// decreases as the value grows.
    public func classOf(_ value: Double) -> Int {
        guard breaks.count > 2 else { return 0 }
        var k = 0
        for b in breaks[1..<(breaks.count - 1)] where value > b { k += 1 }
        return k
    }
}
