import Foundation

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
        [UInt8](unsafeUninitializedCapacity: size(of: shape)) { buffer, count in
            count = write(shape, to: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// The same bytes as ``encode(_:)`` as `Data`, written once into a buffer of their exact size
    /// (a store write of 5 M vertices then makes no intermediate array).
    public static func data(_ shape: MultiPolygon) -> Data {
        var data = Data(count: size(of: shape))
        data.withUnsafeMutableBytes { _ = write(shape, to: $0) }
        return data
    }

    /// The encoded length in bytes.
    public static func size(of shape: MultiPolygon) -> Int {
        var size = shape.polygons.count == 1 ? 0 : 9
        for polygon in shape.polygons {
            size += 9
            for ring in polygon.rings { size += 4 + ring.points.count * 16 }
        }
        return size
    }

    /// Writes the encoding at the start of `out` (at least ``size(of:)`` bytes); returns its length.
    private static func write(_ shape: MultiPolygon, to out: UnsafeMutableRawBufferPointer) -> Int {
        var at = 0
        func byte(_ value: UInt8) {
            out.storeBytes(of: value, toByteOffset: at, as: UInt8.self)
            at += 1
        }
        func uint32(_ value: UInt32) {
            out.storeBytes(of: value.littleEndian, toByteOffset: at, as: UInt32.self)
            at += 4
        }
        func ring(_ ring: Ring) {
            uint32(UInt32(ring.points.count))
            for p in ring.points {
                out.storeBytes(of: p.lon.bitPattern.littleEndian, toByteOffset: at, as: UInt64.self)
                out.storeBytes(of: p.lat.bitPattern.littleEndian, toByteOffset: at + 8, as: UInt64.self)
                at += 16
            }
        }
        func polygon(_ polygon: Polygon) {
            byte(1)
            uint32(polygonType)
            uint32(UInt32(1 + polygon.holes.count))
            ring(polygon.exterior)
            for hole in polygon.holes { ring(hole) }
        }
        if shape.polygons.count == 1 {
            polygon(shape.polygons[0])
        } else {
            byte(1)
            uint32(multiPolygonType)
            uint32(UInt32(shape.polygons.count))
            for part in shape.polygons { polygon(part) }
        }
        return at
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
