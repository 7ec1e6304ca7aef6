/// Well-Known Binary for the shapes GridAtlas stores (Polygon and MultiPolygon, 2D, little-endian).
///
/// Written in Swift rather than through GEOS so that loading a store and building the Locator
/// needs no C handle at all.
public enum WKB {
    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        case truncated(offset: Int)
        case unsupportedType(UInt32)
        case bigEndianNotSupported

        public var description: String {
            switch self {
            case .truncated(let offset): "WKB truncated at byte \(offset)"
            case .unsupportedType(let type): "WKB geometry type \(type) is not a Polygon or MultiPolygon"
            case .bigEndianNotSupported: "big-endian WKB is not supported"
            }
        }
    }

    static let polygonType: UInt32 = 3
    static let multiPolygonType: UInt32 = 6

    /// Encodes a single-part shape as a WKB Polygon, otherwise as a MultiPolygon.
    public static func encode(_ shape: MultiPolygon) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + shape.vertexCount * 16 + shape.polygons.count * 13)
        if shape.polygons.count == 1 {
            appendPolygon(shape.polygons[0], to: &out)
        } else {
            out.append(1)
            appendUInt32(multiPolygonType, to: &out)
            appendUInt32(UInt32(shape.polygons.count), to: &out)
            for polygon in shape.polygons { appendPolygon(polygon, to: &out) }
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> MultiPolygon {
        var reader = Reader(bytes: bytes)
        let (type, _) = try reader.header()
        switch type {
        case polygonType:
            return MultiPolygon(try reader.polygonBody())
        case multiPolygonType:
            let count = try reader.uint32()
            var polygons: [Polygon] = []
            // The count comes from the data: reserve no more than the remaining bytes could hold.
            polygons.reserveCapacity(min(Int(count), (bytes.count - reader.offset) / 9))
            for _ in 0..<count {
                let (partType, _) = try reader.header()
                guard partType == polygonType else { throw .unsupportedType(partType) }
                polygons.append(try reader.polygonBody())
            }
            return MultiPolygon(polygons)
        default:
            throw .unsupportedType(type)
        }
    }

    private static func appendPolygon(_ polygon: Polygon, to out: inout [UInt8]) {
        out.append(1)
        appendUInt32(polygonType, to: &out)
        let rings = polygon.rings
        appendUInt32(UInt32(rings.count), to: &out)
        for ring in rings {
            appendUInt32(UInt32(ring.points.count), to: &out)
            for p in ring.points {
                appendUInt64(p.lon.bitPattern, to: &out)
                appendUInt64(p.lat.bitPattern, to: &out)
            }
        }
    }

    private static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func appendUInt64(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func header() throws(DecodeError) -> (UInt32, Bool) {
            guard offset < bytes.count else { throw .truncated(offset: offset) }
            guard bytes[offset] == 1 else { throw .bigEndianNotSupported }
            offset += 1
            return (try uint32(), true)
        }

        mutating func uint32() throws(DecodeError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw .truncated(offset: offset) }
            var value: UInt32 = 0
            for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
            offset += 4
            return value
        }

        mutating func double() throws(DecodeError) -> Double {
            guard offset + 8 <= bytes.count else { throw .truncated(offset: offset) }
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            return Double(bitPattern: value)
        }

        mutating func polygonBody() throws(DecodeError) -> Polygon {
            let ringCount = try uint32()
            var rings: [Ring] = []
            for _ in 0..<ringCount {
                let n = try uint32()
                guard offset + Int(n) * 16 <= bytes.count else { throw .truncated(offset: offset) }
                var points: [LonLat] = []
                points.reserveCapacity(Int(n))
                for _ in 0..<n {
                    let lon = try double()
                    points.append(LonLat(lon, try double()))
                }
                rings.append(Ring(points))
            }
            guard let exterior = rings.first else { return Polygon(exterior: Ring([])) }
            return Polygon(exterior: exterior, holes: Array(rings.dropFirst()))
        }
    }
}
