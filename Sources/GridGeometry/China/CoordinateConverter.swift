/// Converts positions from one declared CRS into the internal WGS84 lon/lat datum, and back.
///
/// Offsets (GCJ-02, BD-09) are pure Swift; EPSG codes other than 4326/4490 go through a PROJ
/// transformation, which is why a converter is a class owned by one thread at a time: a `PJ`
/// is not thread-safe. Make one per task or per thread; making one costs about a millisecond.
public final class CoordinateConverter {
    public enum ConversionError: Error, Equatable, CustomStringConvertible {
        case outOfRange(LonLat)
        case projFailed(String)

        public var description: String {
            switch self {
            case .outOfRange(let p): "position \(p) is outside longitude [-180, 180] / latitude [-90, 90] after conversion"
            case .projFailed(let message): "PROJ could not convert the position: \(message)"
            }
        }
    }

    public let crs: CRS
    private let projection: ProjTransformer?

    /// Fails with ``ProjTransformer/UnknownCRS`` when PROJ does not know an EPSG code.
    public init(from crs: CRS) throws(ProjTransformer.UnknownCRS) {
        self.crs = crs
        switch crs {
        case .epsg(let code) where code != 4326 && code != 4490:
            projection = try ProjTransformer(from: "EPSG:\(code)", to: "EPSG:4326")
        default:
            projection = nil
        }
    }

    /// The position in WGS84 lon/lat. Input order is x, y: lon, lat for geographic systems,
    /// easting, northing for projected ones (PROJ's "visualization" order).
    public func toWGS84(_ p: LonLat) throws(ConversionError) -> LonLat {
        let out: LonLat
        switch crs {
        case .wgs84, .cgcs2000: out = p
        case .gcj02: out = ChinaOffset.wgs84(fromGCJ02: p)
        case .bd09: out = ChinaOffset.wgs84(fromBD09: p)
        case .epsg(let code) where code == 4326 || code == 4490: out = p
        case .epsg:
            guard let projection else { out = p; break }
            do { out = try projection.forward(p) } catch { throw .projFailed(error.description) }
        }
        guard out.isInRange else { throw .outOfRange(out) }
        return out
    }

    /// The WGS84 position expressed in this converter's CRS (for answers in the caller's system).
    public func fromWGS84(_ p: LonLat) throws(ConversionError) -> LonLat {
        switch crs {
        case .wgs84, .cgcs2000: return p
        case .gcj02: return ChinaOffset.gcj02(fromWGS84: p)
        case .bd09: return ChinaOffset.bd09(fromWGS84: p)
        case .epsg:
            guard let projection else { return p }
            do { return try projection.inverse(p) } catch { throw .projFailed(error.description) }
        }
    }
}
