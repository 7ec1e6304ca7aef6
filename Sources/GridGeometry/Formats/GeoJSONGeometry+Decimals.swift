extension GeoJSONGeometry {
    /// Like ``text(_:)`` (one part gives `Polygon`, more give `MultiPolygon`) but with at most
    /// `decimals` decimals per number: the form for answers, where shortest-exact numbers of
    /// converted or simplified coordinates would only add digits no map can use.
    public static func text(_ shape: MultiPolygon, decimals: Int) -> String {
        var out: [UInt8] = []
        append(shape, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same text appended as UTF-8, for documents holding many geometries (a choropleth).
    public static func append(_ shape: MultiPolygon, decimals: Int, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + shape.vertexCount * (2 * decimals + 10) + 48)
        if shape.polygons.count == 1 {
            out += Array("{\"type\":\"Polygon\",\"coordinates\":".utf8)
            append(shape.polygons[0], decimals: decimals, to: &out)
        } else {
            out += Array("{\"type\":\"MultiPolygon\",\"coordinates\":[".utf8)
            for (i, polygon) in shape.polygons.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(polygon, decimals: decimals, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    static func append(_ polygon: Polygon, decimals: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (r, ring) in polygon.rings.enumerated() {
            if r > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            for (i, p) in ring.points.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                FixedDecimal.append(p.lon, decimals: decimals, to: &out)
                out.append(UInt8(ascii: ","))
                FixedDecimal.append(p.lat, decimals: decimals, to: &out)
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "]"))
    }
}
