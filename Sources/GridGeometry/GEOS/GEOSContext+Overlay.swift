import CGEOS

/// The GEOS overlay operations behind topology checks and repairs: unions of siblings, repair of
/// invalid shapes, planar measures and distance tests. Reentrant (`_r`) calls only, on this
/// context's handle: like every context method, for one thread at a time.
extension GEOSContext {
    /// The union of every member of a collection (or of one geometry's parts), dissolving shared
    /// edges. Robust for overlapping input, unlike `GEOSCoverageUnion`, which is faster for a
    /// clean coverage but wrong for overlaps: a check cannot assume what it is checking.
    public func unaryUnion(_ g: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let out = GEOSUnaryUnion_r(handle, g.pointer) else { throw failure("unaryUnion") }
        return GEOSGeometry(out, in: self)
    }

    /// A GeometryCollection of copies of `members` (GEOS takes ownership of collection members,
    /// and each `GEOSGeometry` already owns its pointer, hence the clones).
    public func collection(_ members: [GEOSGeometry]) throws(GEOSError) -> GEOSGeometry {
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(members.count)
        for member in members {
            guard let clone = GEOSGeom_clone_r(handle, member.pointer) else {
                for made in clones { GEOSGeom_destroy_r(handle, made) }
                throw failure("clone")
            }
            clones.append(clone)
        }
        let count = UInt32(clones.count)
        let made = clones.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), buffer.baseAddress, count)
        }
        guard let made else {
            for clone in clones { GEOSGeom_destroy_r(handle, clone) }
            throw failure("createCollection")
        }
        return GEOSGeometry(made, in: self)
    }

    /// GEOS's repair of an invalid shape (the "linework" method): every area the rings enclose is
    /// kept, self-intersections become nodes; collapsed parts may come back as lines or points.
    public func makeValid(_ g: GEOSGeometry) throws(GEOSError) -> GEOSGeometry {
        guard let out = GEOSMakeValid_r(handle, g.pointer) else { throw failure("makeValid") }
        return GEOSGeometry(out, in: self)
    }

    /// Planar area in the geometry's own units (degrees² for lon/lat): for comparisons between
    /// shapes of one place, never for reporting (use ``Geodesic`` for m²).
    public func area(_ g: GEOSGeometry) throws(GEOSError) -> Double {
        var value = 0.0
        guard GEOSArea_r(handle, g.pointer, &value) == 1 else { throw failure("area") }
        return value
    }

    /// True when the two shapes come within `distance` (the geometries' units) of each other,
    /// touching included; stops as soon as that is known.
    public func isWithinDistance(_ a: GEOSGeometry, _ b: GEOSGeometry, _ distance: Double) throws(GEOSError) -> Bool {
        let result = GEOSDistanceWithin_r(handle, a.pointer, b.pointer, distance)
        guard result != 2 else { throw failure("distanceWithin") }
        return result == 1
    }

    /// Whether the shape is valid, without GEOS's reason: the cheap form for re-checking repairs.
    public func isValid(_ g: GEOSGeometry) -> Bool {
        GEOSisValid_r(handle, g.pointer) == 1
    }
}
