import CGEOS

/// A GEOS error: the message GEOS reported through the context's error handler.
public struct GEOSError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Whether a shape is valid, and if not GEOS's reason and where.
public enum Validity: Equatable, Sendable {
    case valid
    case invalid(reason: String, location: LonLat?)
}

/// One GEOS context handle and the operations GridAtlas needs from it.
///
/// Not `Sendable`: a context must be used by one thread at a time (ENGINEERING.md). Geometries made
/// by a context belong to it and must not outlive or leave it. Import validation and the accuracy
/// circle use GEOS; the Locator on the lookup path does not.
public final class GEOSContext {
    let handle: OpaquePointer
    private let errors: ErrorBox

    /// Collects the last error message; reached through the handler's `userdata`, since a C
    /// callback cannot capture.
    final class ErrorBox {
        var last: String?
    }

    public init() {
        handle = GEOS_init_r()
        errors = ErrorBox()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<ErrorBox>.fromOpaque(userdata).takeUnretainedValue().last = String(cString: message)
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
    }

    func failure(_ operation: String) -> GEOSError {
        defer { errors.last = nil }
        return GEOSError(message: errors.last ?? "GEOS \(operation) failed")
    }

    // MARK: Building geometries

    public func geometry(_ shape: MultiPolygon) throws(GEOSError) -> GEOSGeometry {
        var parts: [OpaquePointer?] = []
        do {
            for polygon in shape.polygons { parts.append(try makePolygon(polygon)) }
        } catch {
            for part in parts { GEOSGeom_destroy_r(handle, part) }
            throw error
        }
        if parts.count == 1, let only = parts[0] { return GEOSGeometry(only, in: self) }
        let count = UInt32(parts.count)
        let collection = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), buffer.baseAddress, count)
        }
        guard let collection else { throw failure("createCollection") }
        return GEOSGeometry(collection, in: self)
    }

    public func geometry(_ polygon: Polygon) throws(GEOSError) -> GEOSGeometry {
        GEOSGeometry(try makePolygon(polygon), in: self)
    }

    public func point(_ p: LonLat) throws(GEOSError) -> GEOSGeometry {
        guard let g = GEOSGeom_createPointFromXY_r(handle, p.lon, p.lat) else { throw failure("createPoint") }
        return GEOSGeometry(g, in: self)
    }

    private func makeRing(_ ring: Ring) throws(GEOSError) -> OpaquePointer {
        var buffer: [Double] = []
        buffer.reserveCapacity(ring.points.count * 2)
        for p in ring.points {
            buffer.append(p.lon)
            buffer.append(p.lat)
        }
        let size = UInt32(ring.points.count)
        guard let sequence = GEOSCoordSeq_copyFromBuffer_r(handle, buffer, size, 0, 0) else {
            throw failure("copyFromBuffer")
        }
        guard let linearRing = GEOSGeom_createLinearRing_r(handle, sequence) else { throw failure("createLinearRing") }
        return linearRing
    }

    private func makePolygon(_ polygon: Polygon) throws(GEOSError) -> OpaquePointer {
        let shell = try makeRing(polygon.exterior)
        var holes: [OpaquePointer?] = []
        for hole in polygon.holes {
            do { holes.append(try makeRing(hole)) } catch {
                GEOSGeom_destroy_r(handle, shell)
                for made in holes { GEOSGeom_destroy_r(handle, made) }
                throw error
            }
        }
        let count = UInt32(holes.count)
        let made = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, count)
        }
        guard let made else { throw failure("createPolygon") }
        return made
    }

    // MARK: Predicates and measures

    public func validity(of g: GEOSGeometry) -> Validity {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let result = GEOSisValidDetail_r(handle, g.pointer, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        if result == 1 { return .valid }
        let text = reason.map { String(cString: $0) } ?? failure("isValid").message
        var where_: LonLat?
        if let location {
            var x = 0.0, y = 0.0
            if GEOSGeomGetX_r(handle, location, &x) == 1, GEOSGeomGetY_r(handle, location, &y) == 1 {
                where_ = LonLat(x, y)
            }
        }
        return .invalid(reason: text, location: where_)
    }

    /// True when the interiors of the two shapes share any point (DE-9IM `T********`):
    /// neighbours that only share edges answer false.
    public func interiorsIntersect(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> Bool {
        let result = GEOSRelatePattern_r(handle, a.pointer, b.pointer, "T********")
        guard result != 2 else { throw failure("relate") }
        return result == 1
    }

    public func intersection(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let g = GEOSIntersection_r(handle, a.pointer, b.pointer) else { throw failure("intersection") }
        return GEOSGeometry(g, in: self)
    }

    public func difference(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let g = GEOSDifference_r(handle, a.pointer, b.pointer) else { throw failure("difference") }
        return GEOSGeometry(g, in: self)
    }

    public func isEmpty(_ g: GEOSGeometry) -> Bool { GEOSisEmpty_r(handle, g.pointer) == 1 }

    /// A point guaranteed to lie on the shape: where a problem area is reported.
    public func pointOnSurface(_ g: GEOSGeometry) -> LonLat? {
        guard let p = GEOSPointOnSurface_r(handle, g.pointer) else { return nil }
        defer { GEOSGeom_destroy_r(handle, p) }
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(handle, p, &x) == 1, GEOSGeomGetY_r(handle, p, &y) == 1 else { return nil }
        return LonLat(x, y)
    }

    /// The polygonal parts of any geometry (lines and points from a collection are dropped).
    public func polygons(of g: GEOSGeometry) -> MultiPolygon {
        var out: [Polygon] = []
        collectPolygons(g.pointer, into: &out)
        return MultiPolygon(out)
    }

    private func collectPolygons(_ g: OpaquePointer, into out: inout [Polygon]) {
        let type = GEOSGeomTypeId_r(handle, g)
        if type == Int32(GEOS_POLYGON.rawValue) {
            guard let shell = GEOSGetExteriorRing_r(handle, g) else { return }
            let exterior = ring(shell)
            guard exterior.points.count >= 4 else { return }
            let holeCount = GEOSGetNumInteriorRings_r(handle, g)
            let holes = (0..<max(holeCount, 0)).compactMap { i in GEOSGetInteriorRingN_r(handle, g, i).map(ring) }
            out.append(Polygon(exterior: exterior, holes: holes))
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            let n = GEOSGetNumGeometries_r(handle, g)
            for i in 0..<max(n, 0) {
                if let part = GEOSGetGeometryN_r(handle, g, i) { collectPolygons(part, into: &out) }
            }
        }
    }

    private func ring(_ g: OpaquePointer) -> Ring {
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, g) else { return Ring([]) }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(handle, sequence, &size)
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        GEOSCoordSeq_copyToBuffer_r(handle, sequence, &buffer, 0, 0)
        return Ring((0..<Int(size)).map { LonLat(buffer[2 * $0], buffer[2 * $0 + 1]) })
    }
}

/// A GEOS geometry owned by the context that made it; destroyed with this object.
///
/// Holds its context strongly: the context must outlive every geometry made from it, whatever
/// order Swift releases things in.
public final class GEOSGeometry {
    let pointer: OpaquePointer
    let context: GEOSContext

    init(_ pointer: OpaquePointer, in context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }
}

extension GEOSContext {
    /// True when `outer` covers `inner` (no point of `inner` outside `outer`), using a prepared
    /// `outer` so that testing many children against one parent reuses its index.
    public func covers(_ outer: PreparedGeometry, _ inner: GEOSGeometry) throws(GEOSError) -> Bool {
        let result = GEOSPreparedCovers_r(handle, outer.pointer, inner.pointer)
        guard result != 2 else { throw failure("preparedCovers") }
        return result == 1
    }

    public func prepare(_ g: GEOSGeometry) throws(GEOSError) -> PreparedGeometry {
        guard let p = GEOSPrepare_r(handle, g.pointer) else { throw failure("prepare") }
        return PreparedGeometry(p, base: g)
    }
}

/// A prepared geometry; keeps its base geometry alive, as GEOS requires.
public final class PreparedGeometry {
    let pointer: OpaquePointer
    public let base: GEOSGeometry

    init(_ pointer: OpaquePointer, base: GEOSGeometry) {
        self.pointer = pointer
        self.base = base
    }

    deinit {
        GEOSPreparedGeom_destroy_r(base.context.handle, pointer)
    }
}
