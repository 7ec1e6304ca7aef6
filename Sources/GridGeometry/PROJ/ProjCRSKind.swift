import CPROJ

/// What kind of coordinates a CRS has, asked of PROJ: degrees (geographic) or linear units
/// (projected). Decides how many decimals an answer in that CRS carries.
public enum ProjCRSKind: Sendable, Equatable {
    case geographic
    case projected

    /// The kind of `crs`. The names GridAtlas handles itself (WGS84, CGCS2000, GCJ-02, BD-09)
    /// are geographic without asking; other EPSG codes are looked up in PROJ's database.
    public init(_ crs: CRS) throws(ProjTransformer.UnknownCRS) {
        switch crs {
        case .wgs84, .cgcs2000, .gcj02, .bd09:
            self = .geographic
        case .epsg(let code):
            self = try Self.lookUp("EPSG:\(code)")
        }
    }

    static func lookUp(_ name: String) throws(ProjTransformer.UnknownCRS) -> ProjCRSKind {
        guard let context = proj_context_create() else { throw .init(name: name, reason: "no PROJ context") }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let object = proj_create(context, name) else {
            throw .init(name: name, reason: "PROJ has no such coordinate reference system (check the EPSG code)")
        }
        defer { proj_destroy(object) }
        switch proj_get_type(object) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS:
            return .geographic
        default:
            return .projected
        }
    }
}
