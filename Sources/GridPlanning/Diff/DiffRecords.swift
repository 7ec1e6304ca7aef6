import GridDomain
import GridGeometry

/// What can differ between two versions of a unit with the same code.
public enum UnitField: String, Codable, Sendable, CaseIterable {
    case geometry, name, parent, households, population
}

/// A unit present on one side only (added to the new generation or removed from the old one).
public struct UnitEntry: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var parent: String?
    /// Geodesic area on the WGS84 ellipsoid.
    public var areaM2: Double
    public var households: Int?
    public var population: Int?
    /// The unit's shape, for the GeoJSON layer (not in the JSON answer).
    public var geometry = MultiPolygon([])

    enum CodingKeys: String, CodingKey {
        case code, name, parent, households, population
        case areaM2 = "area_m2"
    }
}

/// A unit whose code is on both sides but whose fields differ. Only the fields named in
/// `fields` carry a before/after pair; the rest stay nil so the answer says only what moved.
public struct UnitChange: Codable, Sendable, Equatable {
    public var code: String
    /// The name in the new generation.
    public var name: String
    public var fields: [UnitField]
    public var areaBeforeM2: Double?
    public var areaAfterM2: Double?
    public var nameBefore: String?
    public var nameAfter: String?
    public var parentBefore: String?
    public var parentAfter: String?
    public var householdsBefore: Int?
    public var householdsAfter: Int?
    public var populationBefore: Int?
    public var populationAfter: Int?
    /// The new shape (GeoJSON layer only).
    public var geometry = MultiPolygon([])

    enum CodingKeys: String, CodingKey {
        case code, name, fields
        case areaBeforeM2 = "area_before_m2"
        case areaAfterM2 = "area_after_m2"
        case nameBefore = "name_before"
        case nameAfter = "name_after"
        case parentBefore = "parent_before"
        case parentAfter = "parent_after"
        case householdsBefore = "households_before"
        case householdsAfter = "households_after"
        case populationBefore = "population_before"
        case populationAfter = "population_after"
    }
}

/// Ground that belonged to old unit `from` and belongs to new unit `to` (codes differ).
///
/// Households and population moved are area-weighted: `from`'s figure × `areaM2` / `from`'s
/// area, which assumes people spread evenly over the old unit. Redraws along streets are close
/// to that; a redraw that moves one dense estate is not: read the figures as estimates.
public struct AreaFlow: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    public var areaM2: Double
    /// The flow's part of `from`'s area, 0...1.
    public var shareOfFrom: Double
    public var households: Double?
    public var population: Double?
    /// The moved ground (GeoJSON layer only).
    public var geometry = MultiPolygon([])

    enum CodingKeys: String, CodingKey {
        case from, to, households, population
        case areaM2 = "area_m2"
        case shareOfFrom = "share_of_from"
    }
}

/// Where the ground of one old unit went: a removed unit, or one whose geometry changed.
public struct UnitFate: Codable, Sendable, Equatable {
    public struct Destination: Codable, Sendable, Equatable {
        public var code: String
        public var areaM2: Double
        public var share: Double

        enum CodingKeys: String, CodingKey {
            case code, share
            case areaM2 = "area_m2"
        }
    }

    public var code: String
    /// `removed` or `changed`.
    public var status: String
    public var areaM2: Double
    /// Ground the unit keeps under its own code (0 when removed).
    public var keptM2: Double
    /// Every new unit that took part of it (itself first when it keeps ground), largest first.
    public var destinations: [Destination]
    /// The code holding the largest share now (itself when it kept the most), nil when no unit
    /// of the new generation covers any of it.
    public var mainSuccessor: String?
    /// Ground covered by no unit of this tier in the new generation.
    public var uncoveredM2: Double

    enum CodingKeys: String, CodingKey {
        case code, status, destinations
        case areaM2 = "area_m2"
        case keptM2 = "kept_m2"
        case mainSuccessor = "main_successor"
        case uncoveredM2 = "uncovered_m2"
    }
}

/// Sums over every flow of a tier.
public struct FlowTotals: Codable, Sendable, Equatable {
    public var flows: Int
    public var areaM2: Double
    public var households: Double
    public var population: Double

    enum CodingKeys: String, CodingKey {
        case flows, households, population
        case areaM2 = "area_m2"
    }
}
