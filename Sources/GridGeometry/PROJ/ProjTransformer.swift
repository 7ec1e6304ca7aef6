import CPROJ

/// One PROJ transformation with its own context, in lon/lat (x, y) axis order on both sides.
///
/// Not `Sendable`: PROJ contexts and `PJ` objects must be used by one thread at a time.
public final class ProjTransformer {
    public struct UnknownCRS: Error, Equatable, CustomStringConvertible {
        public let name: String
        public let reason: String
        public var description: String { "unknown CRS '\(name)': \(reason)" }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let context: OpaquePointer
    private let pj: OpaquePointer

    public init(from source: String, to target: String) throws(UnknownCRS) {
        guard let context = proj_context_create() else { throw UnknownCRS(name: source, reason: "no PROJ context") }
        proj_log_level(context, PJ_LOG_NONE)
        for name in [source, target] {
            guard let crs = proj_create(context, name) else {
                proj_context_destroy(context)
                throw UnknownCRS(name: name, reason: "PROJ has no such coordinate reference system (check the EPSG code)")
            }
            // Only CRSs a position on the ground is given in: not EPSG:4978 (earth-centred) and the like.
            let kind = Result { () throws(UnknownCRS) in try ProjCRSKind.kind(of: crs, name: name) }
            proj_destroy(crs)  // before its context, never after
            if case .failure(let refusal) = kind {
                proj_context_destroy(context)
                throw refusal
            }
        }
        guard let raw = proj_create_crs_to_crs(context, source, target, nil) else {
            let reason = String(cString: proj_context_errno_string(context, proj_context_errno(context)))
            proj_context_destroy(context)
            throw UnknownCRS(name: source, reason: reason)
        }
        // Without normalisation EPSG:4326 expects lat, lon; with it, every CRS takes x = lon/easting.
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_destroy(raw)
            proj_context_destroy(context)
            throw UnknownCRS(name: source, reason: "cannot normalise axis order")
        }
        proj_destroy(raw)
        self.context = context
        self.pj = normalized
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    public func forward(_ p: LonLat) throws(Failure) -> LonLat { try trans(p, PJ_FWD) }

    public func inverse(_ p: LonLat) throws(Failure) -> LonLat { try trans(p, PJ_INV) }

    private func trans(_ p: LonLat, _ direction: PJ_DIRECTION) throws(Failure) -> LonLat {
        proj_errno_reset(pj)
        let out = proj_trans(pj, direction, proj_coord(p.lon, p.lat, 0, 0))
        let x = out.xy.x, y = out.xy.y
        guard x.isFinite, y.isFinite, x != .infinity, abs(x) < 1e30, abs(y) < 1e30 else {
            let code = proj_errno(pj)
            let message = code != 0 ? String(cString: proj_context_errno_string(context, code)) : "no result"
            throw Failure(description: message)
        }
        return LonLat(x, y)
    }
}
