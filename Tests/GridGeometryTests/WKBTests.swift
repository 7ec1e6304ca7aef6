import Testing
@testable import GridGeometry

@Suite("WKB")
struct WKBTests {
    static func ring(_ values: [(Double, Double)]) -> Ring { Ring(values.map { LonLat($0.0, $0.1) }) }

    /// Values chosen to catch any lossy step: negatives, -0.0, the smallest subnormal, long mantissas.
    static let awkward = ring([
        (-179.99999999999997, -89.99999999999999), (Double.leastNonzeroMagnitude, -0.0), (1e-300, 2.2250738585072014e-308),
        (116.41024449916938, 39.91640428150164), (-0.1, 0.30000000000000004), (-179.99999999999997, -89.99999999999999),
    ])
    static let square = ring([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)])
    static let hole = ring([(2, 2), (2, 4), (4, 4), (4, 2), (2, 2)])

    static let polygon = MultiPolygon(Polygon(exterior: awkward))
    static let polygonWithHole = MultiPolygon(Polygon(exterior: square, holes: [hole, ring([(5, 5), (5, 6), (6, 6), (5, 5)])]))
    static let multiPolygon = MultiPolygon([
        Polygon(exterior: square, holes: [hole]),
        Polygon(exterior: awkward),
        Polygon(exterior: ring([(-10, -10), (-9, -10), (-9, -9), (-10, -10)])),
    ])

    /// Every coordinate as raw bits: `==` on Double would accept -0.0 for 0.0.
    static func bits(_ shape: MultiPolygon) -> [[[UInt64]]] {
        shape.polygons.map { polygon in
            polygon.rings.map { ring in ring.points.flatMap { [$0.lon.bitPattern, $0.lat.bitPattern] } }
        }
    }

    @Test(arguments: [("Polygon", polygon), ("Polygon with holes", polygonWithHole), ("MultiPolygon", multiPolygon)])
    func roundTripIsBitIdentical(name: String, shape: MultiPolygon) throws {
        let bytes = WKB.encode(shape)
        let decoded = try WKB.decode(bytes)
        #expect(decoded == shape, "\(name)")
        #expect(Self.bits(decoded) == Self.bits(shape), "\(name)")
        #expect(WKB.encode(decoded) == bytes)
    }

    @Test func headerAndLength() {
        let one = WKB.encode(Self.polygonWithHole)
        #expect(Array(one.prefix(9)) == [1, 3, 0, 0, 0, 3, 0, 0, 0], "little-endian Polygon with 3 rings")
        #expect(one.count == 9 + 3 * 4 + (5 + 5 + 4) * 16)
        let many = WKB.encode(Self.multiPolygon)
        #expect(Array(many.prefix(9)) == [1, 6, 0, 0, 0, 3, 0, 0, 0], "little-endian MultiPolygon of 3 parts")
        #expect(Array(many[9..<14]) == [1, 3, 0, 0, 0], "each part is a Polygon")
    }

    /// POLYGON((0 0, 1 0, 1 1, 0 0)) as every WKB writer produces it.
    static let triangleHex = "0103000000010000000400000000000000000000000000000000000000000000000000F03F0000000000000000"
        + "000000000000F03F000000000000F03F00000000000000000000000000000000"
    static let triangle = MultiPolygon(Polygon(exterior: ring([(0, 0), (1, 0), (1, 1), (0, 0)])))

    static func bytes(hex: String) -> [UInt8] {
        let chars = Array(hex)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(chars[$0...$0 + 1]), radix: 16)! }
    }

    @Test func matchesStandardBytes() throws {
        let standard = Self.bytes(hex: Self.triangleHex)
        #expect(WKB.encode(Self.triangle) == standard)
        #expect(try WKB.decode(standard) == Self.triangle)
    }

    @Test func emptyMultiPolygonRoundTrips() throws {
        let empty = MultiPolygon([])
        #expect(WKB.encode(empty) == [1, 6, 0, 0, 0, 0, 0, 0, 0])
        #expect(try WKB.decode(WKB.encode(empty)) == empty)
    }

    @Test func everyPrefixIsTruncated() {
        for shape in [Self.polygon, Self.polygonWithHole, Self.multiPolygon] {
            let bytes = WKB.encode(shape)
            for length in 0..<bytes.count {
                do {
                    _ = try WKB.decode(Array(bytes.prefix(length)))
                    Issue.record("a \(length)-byte prefix of \(bytes.count) decoded")
                } catch {
                    guard case .truncated(let offset) = error else {
                        Issue.record("prefix \(length): \(error)")
                        continue
                    }
                    #expect(offset <= length, "prefix \(length) reported offset \(offset)")
                }
            }
        }
    }

    @Test func truncatedOffsets() {
        #expect(throws: WKB.DecodeError.truncated(offset: 0)) { _ = try WKB.decode([]) }
        #expect(throws: WKB.DecodeError.truncated(offset: 1)) { _ = try WKB.decode([1, 3, 0]) }
        #expect(throws: WKB.DecodeError.truncated(offset: 5)) { _ = try WKB.decode([1, 3, 0, 0, 0]) }
        // A ring that claims a million points with none present.
        #expect(throws: WKB.DecodeError.truncated(offset: 13)) {
            _ = try WKB.decode([1, 3, 0, 0, 0, 1, 0, 0, 0, 0x40, 0x42, 0x0F, 0])
        }
    }

    @Test func bigEndianIsRejected() {
        #expect(throws: WKB.DecodeError.bigEndianNotSupported) {
            _ = try WKB.decode([0, 0, 0, 0, 3, 0, 0, 0, 0])
        }
        // Also for a part inside a little-endian MultiPolygon.
        #expect(throws: WKB.DecodeError.bigEndianNotSupported) {
            _ = try WKB.decode([1, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0])
        }
    }

    @Test func unsupportedTypesAreNamed() {
        let point: [UInt8] = [1, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 16)
        #expect(throws: WKB.DecodeError.unsupportedType(1)) { _ = try WKB.decode(point) }
        #expect(throws: WKB.DecodeError.unsupportedType(2)) { _ = try WKB.decode([1, 2, 0, 0, 0, 0, 0, 0, 0]) }
        // ISO "Polygon Z" (1003) is 3D: not supported rather than misread as 2D.
        #expect(throws: WKB.DecodeError.unsupportedType(1003)) { _ = try WKB.decode([1, 0xEB, 0x03, 0, 0, 0, 0, 0, 0]) }
        // A MultiPolygon whose part is a Point.
        #expect(throws: WKB.DecodeError.unsupportedType(1)) { _ = try WKB.decode([1, 6, 0, 0, 0, 1, 0, 0, 0] + point) }
        #expect(WKB.DecodeError.unsupportedType(1).description.contains("1"))
    }

    /// A 9-byte MultiPolygon header claiming 2³²−1 parts must fail as truncated, not reserve room
    /// for the claimed count (which would ask for 64 GiB and kill the process).
    @Test func hugeClaimedPartCountIsTruncatedNotACrash() async {
        do {
            await #expect(processExitsWith: .success) {
                do throws(WKB.DecodeError) {
                    _ = try WKB.decode([1, 6, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
                    fatalError("decoded a MultiPolygon with no parts present")
                } catch .truncated(offset: 9) {
                } catch {
                    fatalError("\(error)")
                }
            }
        }
    }

    /// The same claim with a ring count: rings are not reserved up front, so this one already works.
    @Test func hugeClaimedRingCountIsTruncated() {
        #expect(throws: WKB.DecodeError.truncated(offset: 9)) {
            _ = try WKB.decode([1, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        }
    }
}
