/// Well-Known Text for areal shapes, with a fixed number of decimals (``FixedDecimal``).
///
/// Written in Swift rather than with GEOS's WKT writer so that output needs no context and the
/// rule matches the GeoJSON output exactly: one part gives `POLYGON`, more give `MULTIPOLYGON`.
public enum WKTWriter {
    public static func text(_ shape: MultiPolygon, decimals: Int = FixedDecimal.degrees) -> String {
        var out = ""
        out.reserveCapacity(shape.vertexCount * (2 * decimals + 10) + 32)
        switch shape.polygons.count {
        case 0:
            out += "MULTIPOLYGON EMPTY"
        case 1:
            out += "POLYGON "
            append(shape.polygons[0], decimals: decimals, to: &out)
        default:
            out += "MULTIPOLYGON ("
            for (i, polygon) in shape.polygons.enumerated() {
                if i > 0 { out += ", " }
                append(polygon, decimals: decimals, to: &out)
            }
            out += ")"
        }
        return out
    }

    static func append(_ polygon: Polygon, decimals: Int, to out: inout String) {
        out += "("
        for (r, ring) in polygon.rings.enumerated() {
            if r > 0 { out += ", " }
            out += "("
            for (i, p) in ring.points.enumerated() {
                if i > 0 { out += ", " }
                FixedDecimal.append(p.lon, decimals: decimals, to: &out)
                out += " "
                FixedDecimal.append(p.lat, decimals: decimals, to: &out)
            }
            out += ")"
        }
        out += ")"
    }
}
