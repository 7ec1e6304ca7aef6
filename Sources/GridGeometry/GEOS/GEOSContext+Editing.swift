import CGEOS

/// The GEOS operations behind a planner's edits: joining shapes, and cutting one along a line.
extension GEOSContext {
    /// The union of two shapes (GEOS's overlay: shared edges dissolve).
    public func union(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let g = GEOSUnion_r(handle, a.pointer, b.pointer) else { throw failure("union") }
        return GEOSGeometry(g, in: self)
    }

    /// The faces a shape's boundary and a cutting line enclose together: the boundary and the
    /// line are noded (split at every crossing), then polygonized. Faces inside the shape's holes
    /// come back too; the caller keeps the ones the shape covers. Dangling ends of the line
    /// (outside the shape, or stopping inside it) enclose nothing and are dropped by GEOS.
    public func faces(of shape: GEOSGeometry, cutBy line: GEOSGeometry) throws(GEOSError) -> [Polygon] {
        let rings = try boundary(shape)
        let joined = try union(rings, line)
        guard let noded = GEOSNode_r(handle, joined.pointer) else { throw failure("node") }
        let nodedLines = GEOSGeometry(noded, in: self)
        var inputs: [OpaquePointer?] = [nodedLines.pointer]
        let count = UInt32(inputs.count)
        let made = inputs.withUnsafeMutableBufferPointer { buffer in
            GEOSPolygonize_r(handle, buffer.baseAddress, count)
        }
        guard let made else { throw failure("polygonize") }
        return polygons(of: GEOSGeometry(made, in: self)).polygons
    }

    /// True when `outer` covers the point (boundary included).
    public func covers(_ outer: GEOSGeometry, _ p: LonLat) throws(GEOSError) -> Bool {
        let point = try point(p)
        let result = GEOSCovers_r(handle, outer.pointer, point.pointer)
        guard result != 2 else { throw failure("covers") }
        return result == 1
    }

    /// Length in degrees of the part of `a`'s boundary that lies on `b`'s boundary: how long a
    /// stretch two neighbours share (zero when they only touch at a corner).
    public func sharedBoundaryLength(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> Double {
        let shared = try intersection(try boundary(a), try boundary(b))
        var total = 0.0
        for line in lines(of: shared) {
            for i in 1..<line.count {
                let dx = line[i].lon - line[i - 1].lon, dy = line[i].lat - line[i - 1].lat
                total += (dx * dx + dy * dy).squareRoot()
            }
        }
        return total
    }
}
