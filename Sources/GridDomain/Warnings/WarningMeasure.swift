/// What a warning rule compares with its thresholds, per grid and over the rule's window.
public enum WarningMeasure: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// Reports in the window.
    case count
    /// Reports in the window per km² of the grid (geodesic area): big rural grids are not
    /// flagged just for being big.
    case perKm2 = "per_km2"
    /// Reports in the window per 1,000 households (base data): what a grid worker can carry.
    case per1000Households = "per_1000_households"

    public var description: String { rawValue }
}
