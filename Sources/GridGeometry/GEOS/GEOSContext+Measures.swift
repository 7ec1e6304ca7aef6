import CGEOS

/// The GEOS operations behind boundary questions: simplification, boundaries and their shared
/// parts, intersection tests, distances between shapes.
extension GEOSContext {
    /// Douglas-Peucker simplification that keeps the topology (no ring crosses itself or another,
    /// holes stay inside): `tolerance` is in the geometry's own units.
    public func topologyPreservingSimplify(_ g: GEOSGeometry, tolerance: Double) throws(GEOSError) -> GEOSGeometry {
        guard let out = GEOSTopologyPreserveSimplify_r(handle, g.pointer, tolerance) else { throw failure("simplify") }
        return GEOSGeometry(out, in: self)
    }

    /// The Hausdorff distance, in the geometries' units; `densify` (0...1) adds points along
    /// segments so that the discrete measure approaches the true one.
    public func hausdorffDistance(_ a: GEOSGeometry, _ b: GEOSGeometry, densify: Double? = nil) throws(GEOSError) -> Double {
        var distance = 0.0
        let ok = if let densify {
            GEOSHausdorffDistanceDensify_r(handle, a.pointer, b.pointer, densify, &distance)
        } else {
            GEOSHausdorffDistance_r(handle, a.pointer, b.pointer, &distance)
        }
        guard ok == 1 else { throw failure("hausdorffDistance") }
        return distance
    }

    /// The boundary: an areal shape's rings as lines.
    public func boundary(_ g: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let out = GEOSBoundary_r(handle, g.pointer) else { throw failure("boundary") }
        return GEOSGeometry(out, in: self)
    }

    /// The linear parts of any geometry (points and areas of a collection dropped), each as its
    /// vertices in order: what remains of an intersection of boundaries once touching points go.
    public func lines(of g: GEOSGeometry) -> [[LonLat]] {
        var out: [[LonLat]] = []
        collectLines(g.pointer, into: &out)
        return out
    }

    private func collectLines(_ g: OpaquePointer, into out: inout [[LonLat]]) {
        let type = GEOSGeomTypeId_r(handle, g)
        if type == Int32(GEOS_LINESTRING.rawValue) || type == Int32(GEOS_LINEARRING.rawValue) {
            let points = coordinates(g)
            if points.count > 1 { out.append(points) }
        } else if type == Int32(GEOS_MULTILINESTRING.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            for part in parts(of: g) { collectLines(part, into: &out) }
        }
    }

    /// True when the two shapes share any point, boundaries included (DE-9IM intersects).
    public func intersects(_ a: GEOSGeometry, _ b: GEOSGeometry) throws(GEOSError) -> Bool {
        let result = GEOSIntersects_r(handle, a.pointer, b.pointer)
        guard result != 2 else { throw failure("intersects") }
        return result == 1
    }

    /// ``intersects(_:_:)`` with a prepared first shape: one query shape tested against many units.
    public func intersects(_ a: PreparedGeometry, _ b: GEOSGeometry) throws(GEOSError) -> Bool {
        let result = GEOSPreparedIntersects_r(handle, a.pointer, b.pointer)
        guard result != 2 else { throw failure("preparedIntersects") }
        return result == 1
    }

    /// The centre of mass (planar, in the geometry's coordinates); may lie outside a concave shape.
    public func centroid(_ g: GEOSGeometry) -> LonLat? {
        guard let p = GEOSGetCentroid_r(handle, g.pointer) else { return nil }
        defer { GEOSGeom_destroy_r(handle, p) }
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(handle, p, &x) == 1, GEOSGeomGetY_r(handle, p, &y) == 1 else { return nil }
        return LonLat(x, y)
    }
}
