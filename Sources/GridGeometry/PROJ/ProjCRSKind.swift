import CPROJ
import Synchronization

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
            if let known = Self.known.withLock({ $0[code] }) {
                self = try known.get()
                return
            }
            let result = Result { () throws(ProjTransformer.UnknownCRS) in try Self.lookUp("EPSG:\(code)") }
            // Each answer is kept: the server asks on every request naming a CRS, and a PROJ
            // database look-up costs a millisecond. Codes are a few thousand at most.
            Self.known.withLock { if $0.count < 10_000 { $0[code] = result } }
            self = try result.get()
        }
    }

    private static let known = Mutex<[Int: Result<ProjCRSKind, ProjTransformer.UnknownCRS>]>([:])

    static func lookUp(_ name: String) throws(ProjTransformer.UnknownCRS) -> ProjCRSKind {
        guard let context = proj_context_create() else { throw .init(name: name, reason: "no PROJ context") }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let object = proj_create(context, name) else {
            throw .init(name: name, reason: "PROJ has no such coordinate reference system (check the EPSG code)")
        }
        defer { proj_destroy(object) }
        return try kind(of: object, name: name)
    }

    /// The kind of a PROJ object, or a refusal when it is no CRS a position can be given in: an
    /// earth-centred CRS (EPSG:4978 takes X, Y, Z from the earth's centre: two numbers read as
    /// one of its positions land nowhere meaningful), a vertical or engineering CRS, or an EPSG
    /// code of something else altogether (an ellipsoid, a unit).
    static func kind(of object: OpaquePointer, name: String) throws(ProjTransformer.UnknownCRS) -> ProjCRSKind {
        switch proj_get_type(object) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS:
            return .geographic
        case PJ_TYPE_PROJECTED_CRS:
            return .projected
        case PJ_TYPE_GEOCENTRIC_CRS:
            throw .init(name: name, reason: "it is an earth-centred (geocentric) CRS; give positions in a geographic (longitude, latitude) or projected (easting, northing) CRS")
        default:
            throw .init(name: name, reason: "it is not a geographic or projected CRS, so no position can be given in it")
        }
    }
}
