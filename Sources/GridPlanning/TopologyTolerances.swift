/// The thresholds a planner sets when checking or repairing a generation, all in metres or m²
/// on the ground (never degrees), so that one setting means the same in Harbin and in Sanya.
///
/// Areas below `errorAreaM2` are digitising noise along shared edges: a gap or overlap that small
/// is a warning, above it an error that blocks publishing.
public struct TopologyTolerances: Sendable, Equatable, Codable {
    /// A gap, overlap or spill larger than this (m²) is an error; smaller ones are warnings.
    public var errorAreaM2: Double
    /// A unit, gap or overlap smaller than this (m²) is a sliver.
    public var sliverAreaM2: Double
    /// A shape whose mean width (2 × area / perimeter) is below this (m) is a sliver, whatever its area.
    public var sliverWidthM: Double
    /// A vertex whose interior angle is below this (degrees) is a spike.
    public var spikeAngleDegrees: Double

    /// Areas a threshold may take, in m²: up to 10,000 km², more than any district. Beyond it a
    /// threshold says nothing more, and figures that large only strain the messages quoting them.
    public static let areaRange: ClosedRange<Double> = 0...10_000_000_000
    /// Widths a sliver threshold may take, in metres: up to 100 km.
    public static let widthRange: ClosedRange<Double> = 0...100_000
    /// Spike angles, in degrees: below 180 (a straight line is no spike).
    public static let angleRange: Range<Double> = 0..<180

    public init(errorAreaM2: Double = 1.0, sliverAreaM2: Double = 10.0, sliverWidthM: Double = 0.5,
                spikeAngleDegrees: Double = 1.0) throws(TopologyTolerances.Invalid) {
        for (name, value) in [("error_area_m2", errorAreaM2), ("sliver_area_m2", sliverAreaM2),
                              ("sliver_width_m", sliverWidthM), ("spike_angle_deg", spikeAngleDegrees)] {
            guard value.isFinite, value >= 0 else { throw Invalid(name: name, value: value, reason: "must be a finite number, 0 or more") }
        }
        for (name, value) in [("error_area_m2", errorAreaM2), ("sliver_area_m2", sliverAreaM2)] where !Self.areaRange.contains(value) {
            throw Invalid(name: name, value: value, reason: "is outside \(Self.describe(Self.areaRange)) m²")
        }
        guard Self.widthRange.contains(sliverWidthM) else {
            throw Invalid(name: "sliver_width_m", value: sliverWidthM, reason: "is outside \(Self.describe(Self.widthRange)) m")
        }
        guard spikeAngleDegrees < 180 else {
            throw Invalid(name: "spike_angle_deg", value: spikeAngleDegrees, reason: "must be below 180 degrees")
        }
        self.errorAreaM2 = errorAreaM2
        self.sliverAreaM2 = sliverAreaM2
        self.sliverWidthM = sliverWidthM
        self.spikeAngleDegrees = spikeAngleDegrees
    }

    /// The defaults: 1 m² error threshold, 10 m² or 0.5 m wide slivers, 1° spikes.
    public static let standard = try! TopologyTolerances()

    /// `0...10000000000` as a person reads it: `0 to 10000000000`.
    public static func describe(_ range: ClosedRange<Double>) -> String {
        "\(Figures.plain(range.lowerBound)) to \(Figures.plain(range.upperBound))"
    }

    /// A threshold out of range, named as the user typed it (CLI option or query parameter).
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var name: String
        public var value: Double
        public var reason: String
        public var description: String { "\(name) = \(value) \(reason)" }
    }
}
