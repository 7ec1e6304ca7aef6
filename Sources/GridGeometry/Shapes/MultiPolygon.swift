/// A closed ring of positions: the first position is repeated as the last, as in GeoJSON and WKB.
public struct Ring: Hashable, Sendable {
    public var points: [LonLat]

    public init(_ points: [LonLat]) {
        self.points = points
    }

    /// The ring with its closing position added when it is missing.
    public func closed() -> Ring {
        guard let first = points.first, points.last != first else { return self }
        return Ring(points + [first])
    }

    /// Twice the signed planar area in degrees²: positive when counter-clockwise.
    public var signedDoubleArea: Double {
        var sum = 0.0
        for i in 0..<Swift.max(points.count - 1, 0) {
            let a = points[i], b = points[i + 1]
            sum += a.lon * b.lat - b.lon * a.lat
        }
        return sum
    }

    public var bounds: BoundingBox {
        var box = BoundingBox.empty
        for p in points { box.extend(p) }
        return box
    }

    public func reversed() -> Ring { Ring(points.reversed()) }
}

/// A polygon: one exterior ring and any number of holes.
public struct Polygon: Hashable, Sendable {
    public var exterior: Ring
    public var holes: [Ring]

    public init(exterior: Ring, holes: [Ring] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    public var rings: [Ring] { [exterior] + holes }
}

/// The one areal shape GridAtlas stores: a Polygon is a MultiPolygon of one part.
///
/// Units of every tier are areal, and the Locator treats parts and holes alike (every ring is a
/// set of edges), so a single type keeps the rest of the code free of Polygon/MultiPolygon cases.
public struct MultiPolygon: Hashable, Sendable {
    public var polygons: [Polygon]

    public init(_ polygons: [Polygon]) {
        self.polygons = polygons
    }

    public init(_ polygon: Polygon) {
        self.polygons = [polygon]
    }

    public var rings: [Ring] { polygons.flatMap(\.rings) }

    public var vertexCount: Int {
        polygons.reduce(0) { total, polygon in total + polygon.rings.reduce(0) { $0 + $1.points.count } }
    }

    public var bounds: BoundingBox {
        var box = BoundingBox.empty
        for polygon in polygons { box.extend(polygon.exterior.bounds) }
        return box
    }

    /// Every vertex passed through `transform`; used to convert a whole shape between datums.
    public func mapPoints(_ transform: (LonLat) throws -> LonLat) rethrows -> MultiPolygon {
        MultiPolygon(try polygons.map { polygon in
            Polygon(
                exterior: Ring(try polygon.exterior.points.map(transform)),
                holes: try polygon.holes.map { Ring(try $0.points.map(transform)) }
            )
        })
    }
}
