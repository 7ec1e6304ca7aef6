import CGEOS

/// Geometry text from callers (WKT, GeoJSON) read by GEOS, and GEOS geometries of any kind
/// turned into Swift values and back.
extension GEOSContext {
    /// Parses Well-Known Text; a parse failure carries GEOS's message (what and where).
    public func readWKT(_ text: String) throws(GEOSError) -> GEOSGeometry {
        guard let reader = GEOSWKTReader_create_r(handle) else { throw failure("WKTReader_create") }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        guard let g = GEOSWKTReader_read_r(handle, reader, text) else { throw failure("WKT parse") }
        return GEOSGeometry(g, in: self)
    }

    /// Parses a GeoJSON geometry (a Feature gives its geometry); GEOS 3.10+ has the reader.
    public func readGeoJSON(_ text: String) throws(GEOSError) -> GEOSGeometry {
        guard let reader = GEOSGeoJSONReader_create_r(handle) else { throw failure("GeoJSONReader_create") }
        defer { GEOSGeoJSONReader_destroy_r(handle, reader) }
        guard let g = GEOSGeoJSONReader_readGeometry_r(handle, reader, text) else { throw failure("GeoJSON parse") }
        return GEOSGeometry(g, in: self)
    }

    /// GEOS's name for the geometry's type: `Point`, `LineString`, `GeometryCollection`, ...
    public func typeName(of g: GEOSGeometry) -> String {
        guard let name = GEOSGeomType_r(handle, g.pointer) else { return "unknown" }
        defer { GEOSFree_r(handle, name) }
        return String(cString: name)
    }

    /// The geometry as a Swift value, or nil for a collection of mixed kinds (or nested
    /// collections), which ``SimpleGeometry`` does not represent.
    public func simpleGeometry(of g: GEOSGeometry) -> SimpleGeometry? {
        let type = GEOSGeomTypeId_r(handle, g.pointer)
        switch type {
        case Int32(GEOS_POINT.rawValue), Int32(GEOS_MULTIPOINT.rawValue):
            return .points(parts(of: g.pointer).flatMap(coordinates))
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue), Int32(GEOS_MULTILINESTRING.rawValue):
            return .lines(parts(of: g.pointer).map(coordinates))
        case Int32(GEOS_POLYGON.rawValue), Int32(GEOS_MULTIPOLYGON.rawValue):
            return .areas(polygons(of: g))
        default:
            // A collection of one kind only is that kind's multi form; anything else is refused.
            let members = parts(of: g.pointer)
            let kinds = Set(members.map { GEOSGeomTypeId_r(handle, $0) })
            if members.isEmpty { return .points([]) }
            if kinds.isSubset(of: [Int32(GEOS_POINT.rawValue)]) { return .points(members.flatMap(coordinates)) }
            if kinds.isSubset(of: [Int32(GEOS_LINESTRING.rawValue)]) { return .lines(members.map(coordinates)) }
            if kinds.isSubset(of: [Int32(GEOS_POLYGON.rawValue)]) { return .areas(polygons(of: g)) }
            return nil
        }
    }

    /// A GEOS geometry for any Swift geometry: one point or line gives the single form, several
    /// the multi form.
    public func geometry(_ value: SimpleGeometry) throws(GEOSError) -> GEOSGeometry {
        switch value {
        case .areas(let shape):
            return try geometry(shape)
        case .points(let points):
            var made: [OpaquePointer?] = []
            for p in points {
                guard let g = GEOSGeom_createPointFromXY_r(handle, p.lon, p.lat) else {
                    destroy(made)
                    throw failure("createPoint")
                }
                made.append(g)
            }
            return try single(or: GEOS_MULTIPOINT, made)
        case .lines(let lines):
            var made: [OpaquePointer?] = []
            for line in lines {
                var buffer: [Double] = []
                buffer.reserveCapacity(line.count * 2)
                for p in line { buffer += [p.lon, p.lat] }
                guard let sequence = GEOSCoordSeq_copyFromBuffer_r(handle, buffer, UInt32(line.count), 0, 0),
                      let g = GEOSGeom_createLineString_r(handle, sequence) else {
                    destroy(made)
                    throw failure("createLineString")
                }
                made.append(g)
            }
            return try single(or: GEOS_MULTILINESTRING, made)
        }
    }

    private func single(or multi: GEOSGeomTypes, _ parts: [OpaquePointer?]) throws(GEOSError) -> GEOSGeometry {
        if parts.count == 1, let only = parts[0] { return GEOSGeometry(only, in: self) }
        var parts = parts
        let count = UInt32(parts.count)
        let collection = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(multi.rawValue), buffer.baseAddress, count)
        }
        guard let collection else {
            destroy(parts)
            throw failure("createCollection")
        }
        return GEOSGeometry(collection, in: self)
    }

    private func destroy(_ made: [OpaquePointer?]) {
        for g in made { GEOSGeom_destroy_r(handle, g) }
    }

    /// The members of a collection, or the geometry itself when it is not one. Borrowed
    /// pointers: valid while `g` lives.
    func parts(of g: OpaquePointer) -> [OpaquePointer] {
        let type = GEOSGeomTypeId_r(handle, g)
        let collections = [GEOS_MULTIPOINT, GEOS_MULTILINESTRING, GEOS_MULTIPOLYGON, GEOS_GEOMETRYCOLLECTION].map { Int32($0.rawValue) }
        guard collections.contains(type) else { return GEOSisEmpty_r(handle, g) == 1 ? [] : [g] }
        let n = GEOSGetNumGeometries_r(handle, g)
        return (0..<max(n, 0)).compactMap { GEOSGetGeometryN_r(handle, g, $0) }
    }

    /// The vertices of a point, line or ring, in order.
    func coordinates(_ g: OpaquePointer) -> [LonLat] {
        guard GEOSisEmpty_r(handle, g) != 1, let sequence = GEOSGeom_getCoordSeq_r(handle, g) else { return [] }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(handle, sequence, &size)
        var buffer = [Double](repeating: 0, count: Int(size) * 2)
        GEOSCoordSeq_copyToBuffer_r(handle, sequence, &buffer, 0, 0)
        return (0..<Int(size)).map { LonLat(buffer[2 * $0], buffer[2 * $0 + 1]) }
    }
}
