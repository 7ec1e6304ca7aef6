import GridGeometry

/// The GeoPackage geometry encoding (OGC 12-128r18 §2.1.3): a header, then standard WKB.
///
/// Header: magic "GP", version 0, a flags byte (bit 0 byte order of the header, bits 1-3 the
/// envelope kind 0-4, bit 4 empty geometry, bit 5 extended type), the srs_id, the envelope.
/// GridAtlas writes little-endian headers with an xy envelope (what the R-tree is filled from);
/// it reads any envelope kind, either byte order, and the empty flag, as other writers use them.
public enum GeoPackageBinary {
    /// Why a geometry blob could not be read; the reader reports it with the layer, fid and column.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notGeoPackageBinary
        case unsupportedVersion(UInt8)
        case badEnvelopeKind(Int)
        case extendedType
        case truncated(offset: Int)
        case badByteOrder(UInt8, offset: Int)
        /// A WKB type other than Polygon/MultiPolygon (2D, Z, M or ZM), with its name.
        case notAreal(String)

        public var description: String {
            switch self {
            case .notGeoPackageBinary: "not a GeoPackage geometry blob: it does not start with 'GP'"
            case .unsupportedVersion(let v): "GeoPackage geometry blob version \(v) is not 0 (GeoPackage 1.x)"
            case .badEnvelopeKind(let k): "the blob header declares envelope kind \(k), but only 0-4 exist"
            case .extendedType: "an extended (non-standard) geometry type, which GridAtlas cannot read"
            case .truncated(let offset): "the geometry blob ends early, at byte \(offset)"
            case .badByteOrder(let b, let offset): "WKB byte-order byte \(b) at byte \(offset) is neither 0 nor 1"
            case .notAreal(let name): "\(name) is not areal: units must be Polygon or MultiPolygon"
            }
        }
    }

    /// A decoded blob: coordinates in the layer's own CRS (x, y held as `LonLat`), not yet converted.
    public struct Decoded: Equatable, Sendable {
        public var srsID: Int32
        /// True when the header says empty, or the WKB holds no polygon with a ring.
        public var isEmpty: Bool
        public var shape: MultiPolygon
    }

    static let magic: [UInt8] = [0x47, 0x50]
    /// Bytes of the envelope for each envelope kind (none, xy, xyz, xym, xyzm).
    static let envelopeBytes = [0, 32, 48, 48, 64]

    /// A little-endian blob with an xy envelope, holding `shape` as a WKB MultiPolygon (the
    /// column's declared type, even for one part).
    public static func encode(_ shape: MultiPolygon, srsID: Int32) -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(8 + 32 + 9 + shape.vertexCount * 16 + shape.polygons.count * 13)
        out.bytes += magic
        out.bytes.append(0)  // version 1.x
        out.bytes.append(0b0000_0011)  // envelope kind 1 (xy), little-endian
        out.int32(srsID)
        let box = shape.bounds
        for value in [box.minLon, box.maxLon, box.minLat, box.maxLat] { out.double(value) }
        out.bytes.append(1)
        out.uint32(6)
        out.uint32(UInt32(shape.polygons.count))
        for polygon in shape.polygons {
            out.bytes.append(1)
            out.uint32(3)
            out.uint32(UInt32(polygon.rings.count))
            for ring in polygon.rings {
                out.uint32(UInt32(ring.points.count))
                for p in ring.points {
                    out.double(p.lon)
                    out.double(p.lat)
                }
            }
        }
        return out.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws(Problem) -> Decoded {
        guard bytes.count >= 8, bytes[0] == magic[0], bytes[1] == magic[1] else {
            if bytes.count >= 2 && bytes[0] == magic[0] && bytes[1] == magic[1] { throw .truncated(offset: bytes.count) }
            throw .notGeoPackageBinary
        }
        guard bytes[2] == 0 else { throw .unsupportedVersion(bytes[2]) }
        let flags = bytes[3]
        if flags & 0b0010_0000 != 0 { throw .extendedType }
        let envelopeKind = Int((flags >> 1) & 0b111)
        guard envelopeKind < envelopeBytes.count else { throw .badEnvelopeKind(envelopeKind) }
        var reader = ByteReader(bytes: bytes, offset: 4, littleEndian: flags & 1 == 1)
        let srsID = Int32(bitPattern: try reader.uint32())
        let wkbStart = 8 + envelopeBytes[envelopeKind]
        guard bytes.count >= wkbStart else { throw .truncated(offset: bytes.count) }
        let headerEmpty = flags & 0b0001_0000 != 0
        reader.offset = wkbStart
        let shape = try WKBAreaReader.read(&reader)
        let empty = headerEmpty || shape.polygons.allSatisfy { $0.exterior.points.isEmpty }
        return Decoded(srsID: srsID, isEmpty: empty, shape: shape)
    }
}
