/// Well-Known Text for areal shapes, with a fixed number of decimals (``FixedDecimal``).
///
/// Written in Swift rather than with GEOS's WKT writer so that output needs no context and the
/// rule matches the GeoJSON output exactly: one part gives `POLYGON`, more give `MULTIPOLYGON`.
public enum WKTWriter {
    public static func text(_ shape: MultiPolygon, decimals: Int = FixedDecimal.degrees) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(shape.vertexCount * (2 * decimals + 10) + 32)
        switch shape.polygons.count {
        case 0:
            out += Array("MULTIPOLYGON EMPTY".utf8)
        case 1:
            out += Array("POLYGON ".utf8)
            append(shape.polygons[0], decimals: decimals, to: &out)
        default:
            out += Array("MULTIPOLYGON (".utf8)
            for (i, polygon) in shape.polygons.enumerated() {
                if i > 0 { separate(&out) }
                append(polygon, decimals: decimals, to: &out)
            }
            out.append(UInt8(ascii: ")"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func separate(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: " "))
    }

    static func append(_ polygon: Polygon, decimals: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for (r, ring) in polygon.rings.enumerated() {
            if r > 0 { separate(&out) }
            out.append(UInt8(ascii: "("))
            for (i, p) in ring.points.enumerated() {
                if i > 0 { separate(&out) }
                FixedDecimal.append(p.lon, decimals: decimals, to: &out)
                out.append(UInt8(ascii: " "))
                FixedDecimal.append(p.lat, decimals: decimals, to: &out)
            }
            out.append(UInt8(ascii: ")"))
        }
        out.append(UInt8(ascii: ")"))
    }
}
