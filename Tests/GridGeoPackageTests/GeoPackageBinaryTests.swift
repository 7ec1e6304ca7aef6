import GridGeometry
import Testing
@testable import GridGeoPackage

/// The geometry blob: what GridAtlas writes, and every variant of the header and WKB other
/// writers may use (envelope kinds 0-4, either byte order, the empty flag, Z and M ordinates).
@Suite struct GeoPackageBinaryTests {
    static let square = MultiPolygon(Polygon(exterior: Ring([LonLat(108.4, 24.3), LonLat(108.5, 24.3), LonLat(108.5, 24.4),
                                                             LonLat(108.4, 24.4), LonLat(108.4, 24.3)])))

    /// Bytes in either byte order, as a hand-made blob needs them.
    struct Bytes {
        var littleEndian: Bool
        var out: [UInt8] = []
        mutating func u32(_ v: UInt32) {
            let b = withUnsafeBytes(of: v.littleEndian) { Array($0) }
            out += littleEndian ? b : b.reversed()
        }
        mutating func f64(_ v: Double) {
            let b = withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) }
            out += littleEndian ? b : b.reversed()
        }
        /// A WKB Polygon of `type` (3, 1003, 0x80000003...) with `extra` ordinates after x, y.
        mutating func polygon(_ ring: [LonLat], type: UInt32 = 3, extra: Int = 0) {
            out.append(littleEndian ? 1 : 0)
            u32(type)
            u32(1)
            u32(UInt32(ring.count))
            for p in ring {
                f64(p.lon)
                f64(p.lat)
                for k in 0..<extra { f64(Double(100 + k)) }
            }
        }
    }

    static func header(flags: UInt8, srs: Int32, littleEndian: Bool, envelope: [Double]) -> [UInt8] {
        var bytes = Bytes(littleEndian: littleEndian)
        bytes.out = [0x47, 0x50, 0, flags]
        bytes.u32(UInt32(bitPattern: srs))
        for v in envelope { bytes.f64(v) }
        return bytes.out
    }

    @Test func writtenBlobsHaveTheSpecHeaderAndReadBack() throws {
        let blob = GeoPackageBinary.encode(Self.square, srsID: 4490)
        #expect(Array(blob.prefix(4)) == [0x47, 0x50, 0, 0b11])  // GP, version 0, xy envelope, little-endian
        #expect(Array(blob[4..<8]) == [0x8A, 0x11, 0, 0])  // 4490
        var reader = ByteReader(bytes: blob, offset: 8, littleEndian: true)
        #expect(try [reader.double(), reader.double(), reader.double(), reader.double()] == [108.4, 108.5, 24.3, 24.4])
        #expect(blob[40] == 1)
        #expect(Array(blob[41..<45]) == [6, 0, 0, 0])  // MultiPolygon even for one part: the column's type
        let decoded = try GeoPackageBinary.decode(blob)
        #expect(decoded == GeoPackageBinary.Decoded(srsID: 4490, isEmpty: false, shape: Self.square))
    }

    @Test(arguments: [(0, 0), (1, 4), (2, 6), (3, 6), (4, 8)])
    func everyEnvelopeKindInEitherByteOrder(kind: Int, doubles: Int) throws {
        for littleEndian in [true, false] {
            var blob = Self.header(flags: UInt8(kind << 1) | (littleEndian ? 1 : 0), srs: 4326, littleEndian: littleEndian,
                                   envelope: Array(repeating: 1.5, count: doubles))
            // The WKB in the other byte order: each part of a blob chooses its own.
            var wkb = Bytes(littleEndian: !littleEndian)
            wkb.polygon(Self.square.polygons[0].exterior.points)
            blob += wkb.out
            let decoded = try GeoPackageBinary.decode(blob)
            #expect(decoded.srsID == 4326)
            #expect(decoded.shape == Self.square, "kind \(kind) little-endian \(littleEndian)")
        }
    }

    @Test func zAndMOrdinatesAreDroppedInBothSpellings() throws {
        for (type, extra) in [(UInt32(1003), 1), (2003, 1), (3003, 2), (0x8000_0003, 1), (0xC000_0003, 2)] {
            var wkb = Bytes(littleEndian: true)
            wkb.polygon(Self.square.polygons[0].exterior.points, type: type, extra: extra)
            let decoded = try GeoPackageBinary.decode(Self.header(flags: 1, srs: 4326, littleEndian: true, envelope: []) + wkb.out)
            #expect(decoded.shape == Self.square, "type \(type)")
        }
    }

    @Test func theEmptyFlagAndEmptyPolygonsAreEmpty() throws {
        var wkb = Bytes(littleEndian: true)
        wkb.out = [1]
        wkb.u32(3)
        wkb.u32(0)
        let flagged = try GeoPackageBinary.decode(Self.header(flags: 0b1_0001, srs: 4326, littleEndian: true, envelope: []) + wkb.out)
        #expect(flagged.isEmpty)
        let unflagged = try GeoPackageBinary.decode(Self.header(flags: 1, srs: 4326, littleEndian: true, envelope: []) + wkb.out)
        #expect(unflagged.isEmpty)
    }

    @Test func brokenBlobsAreRefusedWithTheirReason() {
        let good = GeoPackageBinary.encode(Self.square, srsID: 4326)
        var line = Bytes(littleEndian: true)
        line.out = [1]
        line.u32(2)
        line.u32(2)
        for v in [1.0, 2.0, 3.0, 4.0] { line.f64(v) }
        var collection = Bytes(littleEndian: true)
        collection.out = [1]
        collection.u32(6)
        collection.u32(1)
        collection.out += line.out
        let cases: [([UInt8], GeoPackageBinary.Problem)] = [
            (Array("{\"type\":\"Polygon\"}".utf8), .notGeoPackageBinary),
            ([0x47, 0x50, 1, 1, 0, 0, 0, 0], .unsupportedVersion(1)),
            ([0x47, 0x50, 0, 0b1011, 0, 0, 0, 0], .badEnvelopeKind(5)),
            ([0x47, 0x50, 0, 0b10_0001, 0, 0, 0, 0], .extendedType),
            (Array(good.prefix(60)), .truncated(offset: 60)),
            (Array(good.prefix(20)), .truncated(offset: 20)),
            (Self.header(flags: 1, srs: 4326, littleEndian: true, envelope: []) + [7, 3, 0, 0, 0], .badByteOrder(7, offset: 8)),
            (Self.header(flags: 1, srs: 4326, littleEndian: true, envelope: []) + line.out, .notAreal("LineString")),
            (Self.header(flags: 1, srs: 4326, littleEndian: true, envelope: []) + collection.out, .notAreal("a MultiPolygon holding a LineString")),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected) { try GeoPackageBinary.decode(bytes) }
        }
        #expect(GeoPackageBinary.Problem.notAreal("LineString").description.contains("LineString is not areal"))
    }
}
