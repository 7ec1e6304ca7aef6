import GridGeometry

/// One areal unit of any tier (named AreaUnit because Foundation already has a `Unit`): a district, subdistrict, community, grid or micro-area.
public struct AreaUnit: Sendable, Equatable {
    public var code: String
    public var tier: Tier
    public var name: String
    /// The parent unit's code; nil only for a district.
    public var parentCode: String?
    public var geometry: MultiPolygon
    /// Base data (人、地、物、事、情、组织): at least households and population where known.
    public var households: Int?
    public var population: Int?
    /// Any other properties of the source feature, as a JSON object text.
    public var attributesJSON: String

    public init(
        code: String, tier: Tier, name: String, parentCode: String?, geometry: MultiPolygon,
        households: Int? = nil, population: Int? = nil, attributesJSON: String = "{}"
    ) {
        self.code = code
        self.tier = tier
        self.name = name
        self.parentCode = parentCode
        self.geometry = geometry
        self.households = households
        self.population = population
        self.attributesJSON = attributesJSON
    }
}
