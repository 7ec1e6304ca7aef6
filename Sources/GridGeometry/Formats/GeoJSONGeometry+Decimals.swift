extension GeoJSONGeometry {
    /// Like ``text(_:)`` (one part gives `Polygon`, more give `MultiPolygon`) but with at most
    /// `decimals` decimals per number: the form for answers, where shortest-exact numbers of
    /// converted or simplified coordinates would only add digits no map can use.
    public static func text(_ shape: MultiPolygon, decimals: Int) -> String {
        var out = ""
        out.reserveCapacity(shape.vertexCount * (2 * decimals + 10) + 48)
        if shape.polygons.count == 1 {
            out += "{\"type\":\"Polygon\",\"coordinates\":"
            append(shape.polygons[0], decimals: decimals, to: &out)
        } else {
            out += "{\"type\":\"MultiPolygon\",\"coordinates\":["
            for (i, polygon) in shape.polygons.enumerated() {
                if i > 0 { out += "," }
                append(polygon, decimals: decimals, to: &out)
            }
            out += "]"
        }
        out += "}"
        return out
    }

    static func append(_ polygon: Polygon, decimals: Int, to out: inout String) {
        out += "["
        for (r, ring) in polygon.rings.enumerated() {
            if r > 0 { out += "," }
            out += "["
            for (i, p) in ring.points.enumerated() {
                if i > 0 { out += "," }
                out += "["
                FixedDecimal.append(p.lon, decimals: decimals, to: &out)
                out += ","
                FixedDecimal.append(p.lat, decimals: decimals, to: &out)
                out += "]"
            }
            out += "]"
        }
        out += "]"
    }
}
