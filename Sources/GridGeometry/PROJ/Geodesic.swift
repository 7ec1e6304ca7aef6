import CPROJ

/// Distances and areas on the WGS84 ellipsoid, through PROJ's `geod_*` functions (Karney's algorithms).
///
/// A `geod_geodesic` is a plain struct of constants: reading it from many threads is safe, which is
/// why this type is `Sendable` although it wraps C.
public struct Geodesic: @unchecked Sendable {
    private var g = geod_geodesic()

    public static let wgs84 = Geodesic(a: 6378137.0, f: 1 / 298.257223563)

    public init(a: Double, f: Double) {
        geod_init(&g, a, f)
    }

    /// Length of the shortest path between two positions, in metres: from the chord for lines
    /// up to 100 km (``chordDistance(_:_:a:f:)``), by Karney's algorithm beyond.
    public func distance(_ p: LonLat, _ q: LonLat) -> Double {
        if let short = chordDistance(p, q, a: g.a, f: g.f) { return short }
        return karneyDistance(p, q)
    }

    /// Length of the shortest path by Karney's algorithm (PROJ's `geod_inverse`), any length.
    public func karneyDistance(_ p: LonLat, _ q: LonLat) -> Double {
        var s12 = 0.0
        withUnsafePointer(to: g) { geod_inverse($0, p.lat, p.lon, q.lat, q.lon, &s12, nil, nil) }
        return s12
    }

    /// The position `metres` away from `p` on bearing `azimuth` (degrees clockwise from north).
    public func destination(from p: LonLat, azimuth: Double, metres: Double) -> LonLat {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { geod_direct($0, p.lat, p.lon, azimuth, metres, &lat2, &lon2, &azi2) }
        return LonLat(lon2, lat2)
    }

    /// Area of a ring in m², without sign (the closing vertex may be present or not).
    public func area(_ ring: Ring) -> Double {
        let points = ring.points
        let count = points.count > 1 && points.first == points.last ? points.count - 1 : points.count
        guard count >= 3 else { return 0 }
        // Latitudes and longitudes straight from the ring, without a trimmed copy of it first:
        // an import measures every vertex of a city.
        var lats = [Double](unsafeUninitializedCapacity: count) { buffer, n in
            for k in 0..<count { buffer[k] = points[k].lat }
            n = count
        }
        var lons = [Double](unsafeUninitializedCapacity: count) { buffer, n in
            for k in 0..<count { buffer[k] = points[k].lon }
            n = count
        }
        var area = 0.0, perimeter = 0.0
        withUnsafePointer(to: g) { geod_polygonarea($0, &lats, &lons, Int32(count), &area, &perimeter) }
        return abs(area)
    }

    /// Area of a shape in m²: exteriors minus holes.
    public func area(_ shape: MultiPolygon) -> Double {
        shape.polygons.reduce(0) { total, polygon in
            total + area(polygon.exterior) - polygon.holes.reduce(0) { $0 + area($1) }
        }
    }

    /// A geodesic circle of `radius` metres as a polygon of `segments` vertices.
    public func circle(center: LonLat, radius: Double, segments: Int = 64) -> Polygon {
        var points = (0..<segments).map { i in
            destination(from: center, azimuth: 360.0 * Double(segments - i) / Double(segments), metres: radius)
        }
        points.append(points[0])
        return Polygon(exterior: Ring(points))
    }
}
