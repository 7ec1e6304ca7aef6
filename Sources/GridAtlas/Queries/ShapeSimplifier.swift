import GridGeometry

/// Simplifies a unit's shape with a tolerance in metres, keeping its topology (GEOS's
/// topology-preserving Douglas-Peucker: rings do not cross, holes stay inside, no part vanishes).
///
/// GEOS works in the shape's own units, and a degree of longitude is shorter than one of
/// latitude (by cos φ: 9% at 24°N), so a tolerance in degrees would be wrong by direction. The
/// shape is therefore moved into a ``LocalFrame`` (metres east and north of its box's centre,
/// scaled by the ellipsoid's radii there: within 0.1% of true distances over a district),
/// simplified there, and mapped back. Douglas-Peucker keeps a subset of the vertices, and each
/// kept vertex is mapped back to its original coordinates bit for bit, so the simplified unit
/// still shares exact vertices with its neighbours where both kept them.
public struct ShapeSimplifier: Sendable {
    /// Metres; 0 leaves a shape as it is.
    public let tolerance: Double

    /// The tolerance a request asked for, checked: a finite number of metres, 0 up to the limit.
    public init(metres: Double?, limits: QueryLimits = .standard) throws(QueryError) {
        let value = metres ?? 0
        guard value.isFinite, value >= 0 else {
            throw .badParameter(name: "simplify", reason: "must be a tolerance in metres, 0 or more, got \(value)")
        }
        guard value <= limits.maxSimplifyM else {
            throw .tooLarge(name: "simplify", size: value, limit: limits.maxSimplifyM, unit: "m")
        }
        tolerance = value
    }

    public func simplify(_ shape: MultiPolygon, geos: GEOSContext) throws(GEOSError) -> MultiPolygon {
        guard tolerance > 0, !shape.polygons.isEmpty else { return shape }
        let frame = LocalFrame(around: shape.bounds)
        var originals: [LonLat: LonLat] = [:]
        originals.reserveCapacity(shape.vertexCount)
        let local = shape.mapPoints { p in
            let q = frame.metres(p)
            originals[q] = p
            return q
        }
        let simplified = try geos.topologyPreservingSimplify(try geos.geometry(local), tolerance: tolerance)
        return geos.polygons(of: simplified).mapPoints { originals[$0] ?? frame.degrees($0) }
    }
}
