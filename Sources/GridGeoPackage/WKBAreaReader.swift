import GridGeometry

/// Reads the WKB inside a GeoPackage blob as areas: Polygon or MultiPolygon, in either byte order
/// (per nested geometry, as WKB allows), 2D or with Z and/or M (ISO codes 1000/2000/3000 and the
/// older high-bit flags alike; the extra ordinates are dropped). Anything else is refused by name.
///
/// GridGeometry's `WKB` reads only what GridAtlas stores itself (little-endian, 2D); files from
/// QGIS, GDAL or other tools need this wider reader.
enum WKBAreaReader {
    static func read(_ reader: inout ByteReader) throws(GeoPackageBinary.Problem) -> MultiPolygon {
        let (base, dimensions) = try header(&reader)
        switch base {
        case 3:
            let polygon = try polygonBody(&reader, dimensions: dimensions)
            return MultiPolygon(polygon.map { [$0] } ?? [])
        case 6:
            let count = try reader.uint32()
            // The count comes from the data: a part needs at least 9 bytes.
            guard Int(count) <= (reader.bytes.count - reader.offset) / 9 else { throw .truncated(offset: reader.bytes.count) }
            var polygons: [Polygon] = []
            for _ in 0..<count {
                let (partBase, partDimensions) = try header(&reader)
                guard partBase == 3 else { throw .notAreal("a MultiPolygon holding a \(typeName(partBase))") }
                if let polygon = try polygonBody(&reader, dimensions: partDimensions) { polygons.append(polygon) }
            }
            return MultiPolygon(polygons)
        default:
            throw .notAreal(typeName(base))
        }
    }

    /// The byte order (kept in `reader`), the base type (1-17) and the ordinates per position.
    private static func header(_ reader: inout ByteReader) throws(GeoPackageBinary.Problem) -> (UInt32, Int) {
        let at = reader.offset
        let order = try reader.byte()
        guard order <= 1 else { throw .badByteOrder(order, offset: at) }
        reader.littleEndian = order == 1
        let raw = try reader.uint32()
        // Older (EWKB-style) writers flag Z and M in the two high bits instead.
        var hasZ = raw & 0x8000_0000 != 0, hasM = raw & 0x4000_0000 != 0
        let iso = raw & 0x0FFF_FFFF
        switch iso / 1000 {
        case 1: hasZ = true
        case 2: hasM = true
        case 3: hasZ = true; hasM = true
        default: break
        }
        return (iso % 1000, 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0))
    }

    /// A polygon's rings, or nil for an empty polygon (no rings).
    private static func polygonBody(_ reader: inout ByteReader, dimensions: Int) throws(GeoPackageBinary.Problem) -> Polygon? {
        let ringCount = try reader.uint32()
        guard Int(ringCount) <= (reader.bytes.count - reader.offset) / 4 else { throw .truncated(offset: reader.bytes.count) }
        var rings: [Ring] = []
        for _ in 0..<ringCount {
            let n = try reader.uint32()
            guard Int(n) <= (reader.bytes.count - reader.offset) / (8 * dimensions) else { throw .truncated(offset: reader.bytes.count) }
            var points: [LonLat] = []
            points.reserveCapacity(Int(n))
            for _ in 0..<n {
                let x = try reader.double()
                let y = try reader.double()
                for _ in 2..<dimensions { _ = try reader.double() }
                points.append(LonLat(x, y))
            }
            rings.append(Ring(points))
        }
        guard let exterior = rings.first else { return nil }
        return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
    }

    /// Names from the Simple Features type codes, for messages.
    static func typeName(_ base: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "Geometry", 1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
            6: "MultiPolygon", 7: "GeometryCollection", 8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon",
            11: "MultiCurve", 12: "MultiSurface", 13: "Curve", 14: "Surface", 15: "PolyhedralSurface", 16: "TIN", 17: "Triangle",
        ]
        return names[base] ?? "WKB geometry type \(base)"
    }
}
