/// The sizes a boundary question may reach: configuration, not constants, since a district's
/// dispatch map and a city-wide planning map want different ceilings.
public struct QueryLimits: Sendable, Equatable {
    /// Largest box (or extent of a query geometry) in km², measured on the ellipsoid. The default,
    /// 2,500 km² (50 × 50 km), holds a whole district; a city-wide map asks by district.
    public var maxBoxKm2: Double
    /// Largest simplification tolerance in metres: beyond a few km a grid would vanish.
    public var maxSimplifyM: Double
    /// Most vertices a query geometry may have.
    public var maxInputVertices: Int
    /// Most classes a choropleth may have.
    public var maxClasses: Int

    public init(maxBoxKm2: Double = 2_500, maxSimplifyM: Double = 5_000, maxInputVertices: Int = 100_000, maxClasses: Int = 20) {
        self.maxBoxKm2 = maxBoxKm2
        self.maxSimplifyM = maxSimplifyM
        self.maxInputVertices = maxInputVertices
        self.maxClasses = maxClasses
    }

    public static let standard = QueryLimits()
}
