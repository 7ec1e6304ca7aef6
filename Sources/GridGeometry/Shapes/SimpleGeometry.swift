/// Any one of the simple-feature geometries a caller may send: points, lines or areas.
///
/// Stored units are always areal (``MultiPolygon``); questions about them ("which grids does
/// this road cross?", "which grids does this point touch?") arrive with other kinds of
/// geometry. Single and multi forms share a case: a Point is a MultiPoint of one, and so on.
public enum SimpleGeometry: Hashable, Sendable {
    /// Point or MultiPoint.
    case points([LonLat])
    /// LineString or MultiLineString: each line is its vertices in order.
    case lines([[LonLat]])
    /// Polygon or MultiPolygon.
    case areas(MultiPolygon)

    /// 0 for points, 1 for lines, 2 for areas (the OGC dimension).
    public var dimension: Int {
        switch self {
        case .points: 0
        case .lines: 1
        case .areas: 2
        }
    }

    public var isEmpty: Bool {
        switch self {
        case .points(let points): points.isEmpty
        case .lines(let lines): lines.allSatisfy(\.isEmpty)
        case .areas(let shape): shape.polygons.isEmpty
        }
    }

    public var vertexCount: Int {
        switch self {
        case .points(let points): points.count
        case .lines(let lines): lines.reduce(0) { $0 + $1.count }
        case .areas(let shape): shape.vertexCount
        }
    }

    public var bounds: BoundingBox {
        var box = BoundingBox.empty
        switch self {
        case .points(let points): for p in points { box.extend(p) }
        case .lines(let lines): for line in lines { for p in line { box.extend(p) } }
        case .areas(let shape): box = shape.bounds
        }
        return box
    }

    /// Every vertex passed through `transform` (a datum conversion), the structure unchanged.
    public func mapPoints(_ transform: (LonLat) throws -> LonLat) rethrows -> SimpleGeometry {
        switch self {
        case .points(let points): .points(try points.map(transform))
        case .lines(let lines): .lines(try lines.map { try $0.map(transform) })
        case .areas(let shape): .areas(try shape.mapPoints(transform))
        }
    }
}
