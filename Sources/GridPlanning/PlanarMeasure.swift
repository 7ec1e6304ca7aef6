import Foundation
import GridGeometry

/// Area, perimeter and mean width of a shape in a local plane in metres (``LocalFrame``):
/// plain Swift over the vertices, so that every unit of a city can be measured without GEOS.
///
/// Within a unit-sized shape the frame's scale is within 0.1% of the ground, far finer than the
/// sliver thresholds need; reported areas of problems use the geodesic area instead.
struct PlanarMeasure {
    var areaM2: Double
    var perimeterM: Double

    /// 2 × area / perimeter: a rectangle's short side when it is long and thin, a disc's radius.
    var meanWidthM: Double { perimeterM > 0 ? 2 * areaM2 / perimeterM : 0 }

    init(_ polygon: Polygon, frame: LocalFrame) {
        var area = 0.0, perimeter = 0.0
        for (k, ring) in polygon.rings.enumerated() {
            let (a, p) = Self.measure(ring, frame)
            area += k == 0 ? abs(a) : -abs(a)
            perimeter += p
        }
        areaM2 = max(area, 0)
        perimeterM = perimeter
    }

    init(_ shape: MultiPolygon) {
        let frame = LocalFrame(around: shape.bounds)
        var area = 0.0, perimeter = 0.0
        for polygon in shape.polygons {
            let one = PlanarMeasure(polygon, frame: frame)
            area += one.areaM2
            perimeter += one.perimeterM
        }
        areaM2 = area
        perimeterM = perimeter
    }

    /// Signed shoelace area (relative to the first vertex, to keep the products small) and length.
    static func measure(_ ring: Ring, _ frame: LocalFrame) -> (area: Double, length: Double) {
        let points = ring.points
        guard points.count > 1 else { return (0, 0) }
        let origin = frame.metres(points[0])
        var twice = 0.0, length = 0.0
        var previous = LonLat(0, 0)
        for i in 1..<points.count {
            let m = frame.metres(points[i])
            let q = LonLat(m.lon - origin.lon, m.lat - origin.lat)
            twice += previous.lon * q.lat - q.lon * previous.lat
            length += ((q.lon - previous.lon) * (q.lon - previous.lon) + (q.lat - previous.lat) * (q.lat - previous.lat)).squareRoot()
            previous = q
        }
        if points.first != points.last {
            length += (previous.lon * previous.lon + previous.lat * previous.lat).squareRoot()
        }
        return (twice / 2, length)
    }
}
