import GridDomain

/// A unit named: enough to link to it.
public struct UnitBrief: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var tier: String

    public init(code: String, name: String, tier: String) {
        self.code = code
        self.name = name
        self.tier = tier
    }
}

/// A unit with its base figures: one row of a children list.
public struct UnitSummary: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var tier: String
    public var households: Int?
    public var population: Int?
    /// Geodesic area on the WGS84 ellipsoid.
    public var areaM2: Double

    enum CodingKeys: String, CodingKey {
        case code, name, tier, households, population
        case areaM2 = "area_m2"
    }
}

extension GenerationView {
    public func brief(_ id: Int32) -> UnitBrief {
        let unit = locator.units[Int(id)]
        return UnitBrief(code: unit.code, name: unit.name, tier: unit.tier.rawValue)
    }

    public func summary(_ id: Int32) -> UnitSummary {
        let unit = units[Int(id)]
        return UnitSummary(code: unit.code, name: unit.name, tier: unit.tier.rawValue, households: unit.households,
                           population: unit.population, areaM2: areas[Int(id)])
    }

    /// The units directly below the unit `code`, in code order.
    public func children(of code: String) throws(QueryError) -> [UnitSummary] {
        children[Int(try id(of: code))].map(summary)
    }
}
