/// GeoJSON geometry text for areal shapes (RFC 7946 positions: [lon, lat]).
public enum GeoJSONGeometry {
    /// `Polygon` for a single part, `MultiPolygon` otherwise; numbers in their shortest exact form.
    public static func text(_ shape: MultiPolygon) -> String {
        if shape.polygons.count == 1 {
            return "{\"type\":\"Polygon\",\"coordinates\":\(polygon(shape.polygons[0]))}"
        }
        return "{\"type\":\"MultiPolygon\",\"coordinates\":[\(shape.polygons.map(polygon).joined(separator: ","))]}"
    }

    static func polygon(_ polygon: Polygon) -> String {
        "[" + polygon.rings.map { ring in
            "[" + ring.points.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]"
        }.joined(separator: ",") + "]"
    }
}
