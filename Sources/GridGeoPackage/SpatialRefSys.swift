/// One row of `gpkg_spatial_ref_sys`: a CRS a geometry column can declare.
public struct SpatialRefSys: Equatable, Sendable {
    public var srsID: Int32
    public var name: String
    public var organization: String
    public var organizationCoordsysID: Int32
    /// WKT (OGC 01-009 form, as the spec's table requires), or "undefined".
    public var definition: String
    public var description: String

    /// The two rows the spec requires in every GeoPackage, whatever it holds.
    public static let undefinedCartesian = SpatialRefSys(
        srsID: -1, name: "Undefined cartesian SRS", organization: "NONE", organizationCoordsysID: -1,
        definition: "undefined", description: "undefined cartesian coordinate reference system")
    public static let undefinedGeographic = SpatialRefSys(
        srsID: 0, name: "Undefined geographic SRS", organization: "NONE", organizationCoordsysID: 0,
        definition: "undefined", description: "undefined geographic coordinate reference system")

    /// EPSG:4326, the third required row and GridAtlas's internal datum.
    public static let wgs84 = SpatialRefSys(
        srsID: 4326, name: "WGS 84 geodetic", organization: "EPSG", organizationCoordsysID: 4326,
        definition: #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#,
        description: "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")

    /// EPSG:4490, China's national datum: equal to WGS 84 to centimetres for grid work, so the
    /// same numbers are written and only the declaration differs.
    public static let cgcs2000 = SpatialRefSys(
        srsID: 4490, name: "China Geodetic Coordinate System 2000", organization: "EPSG", organizationCoordsysID: 4490,
        definition: #"GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4490"]]"#,
        description: "CGCS2000 longitude/latitude in decimal degrees (national datum of China)")
}
