import GridDomain

/// Grids whose household count falls outside the range a city sets for a grid (DOMAIN.md: for
/// example 160-500 households per urban grid): candidates for a redraw.
public struct HouseholdOutliers: Codable, Sendable, Equatable {
    /// The range used when a request gives none. Cities differ: pass their own.
    public static let defaultRange = (minimum: 160, maximum: 500)

    public struct Outlier: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var households: Int
        /// `below` the minimum or `above` the maximum.
        public var side: String
        /// How many households beyond the bound.
        public var by: Int
    }

    public var generation: String
    /// [minimum, maximum], inclusive.
    public var range: [Int]
    public var gridsChecked: Int
    /// Grids with no household figure: neither in range nor out of it.
    public var gridsWithoutHouseholds: Int
    /// Farthest from the range first (ties by code).
    public var outliers: [Outlier]

    enum CodingKeys: String, CodingKey {
        case generation, range, outliers
        case gridsChecked = "grids_checked"
        case gridsWithoutHouseholds = "grids_without_households"
    }
}

extension GenerationView {
    /// The grids whose households lie outside `minimum...maximum` (inclusive), with the side and
    /// the distance to the bound.
    public func householdOutliers(minimum: Int = HouseholdOutliers.defaultRange.minimum,
                                  maximum: Int = HouseholdOutliers.defaultRange.maximum) throws(QueryError) -> HouseholdOutliers {
        guard minimum >= 0 else { throw .badParameter(name: "min", reason: "must be 0 or more, got \(minimum)") }
        guard minimum <= maximum else {
            throw .badParameter(name: "max", reason: "must not be below min (\(minimum)), got \(maximum)")
        }
        let grids = ids(of: .grid).map(unit)
        var outliers: [HouseholdOutliers.Outlier] = []
        for grid in grids {
            guard let households = grid.households else { continue }
            if households < minimum {
                outliers.append(.init(code: grid.code, name: grid.name, households: households, side: "below", by: minimum - households))
            } else if households > maximum {
                outliers.append(.init(code: grid.code, name: grid.name, households: households, side: "above", by: households - maximum))
            }
        }
        outliers.sort { ($0.by, $1.code) > ($1.by, $0.code) }
        return HouseholdOutliers(generation: generationName, range: [minimum, maximum], gridsChecked: grids.count,
                                 gridsWithoutHouseholds: grids.filter { $0.households == nil }.count, outliers: outliers)
    }
}
