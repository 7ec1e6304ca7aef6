import Foundation
import Testing
@testable import GridGeometry

@Suite("GeoJSONGeometry")
struct GeoJSONGeometryTests {
    static func ring(_ values: [(Double, Double)]) -> Ring { Ring(values.map { LonLat($0.0, $0.1) }) }

    static let outer = ring([(116.41024449916938, 39.91640428150164), (116.5, 39.9), (116.5, 40.1),
                             (116.4, 40.1), (116.41024449916938, 39.91640428150164)])
    static let hole = ring([(116.45, 40.0), (116.46, 40.0), (116.46, 40.01), (116.45, 40.0)])
    static let second = ring([(-0.1, -33.868), (1e-7, -33.868), (1e-7, -33.5), (-0.1, -33.868)])

    static func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "top level is not an object: \(text)")
    }

    /// Nesting depth down to the first number, through JSONSerialization's arrays.
    static func depth(_ value: Any?) -> Int {
        var depth = 0
        var current = value
        while let array = current as? [Any] {
            depth += 1
            current = array.first
        }
        return current is NSNumber ? depth : -1
    }

    /// Exact positions through JSONDecoder (Linux JSONSerialization can round the last digit of
    /// a 17-digit number, so it is used only for structure).
    struct PolygonJSON: Decodable { let type: String; let coordinates: [[[Double]]] }
    struct MultiPolygonJSON: Decodable { let type: String; let coordinates: [[[[Double]]]] }

    static func expected(_ polygon: Polygon) -> [[[Double]]] {
        polygon.rings.map { ring in ring.points.map { [$0.lon, $0.lat] } }
    }

    @Test func onePartIsAPolygon() throws {
        let polygon = Polygon(exterior: Self.outer, holes: [Self.hole])
        let text = GeoJSONGeometry.text(MultiPolygon(polygon))
        let json = try Self.parse(text)
        #expect(json["type"] as? String == "Polygon")
        #expect(json.count == 2, "only type and coordinates: \(json.keys)")
        #expect(Self.depth(json["coordinates"]) == 3, "rings → positions → numbers")
        #expect((json["coordinates"] as? [Any])?.count == 2, "exterior and one hole")
        let decoded = try JSONDecoder().decode(PolygonJSON.self, from: Data(text.utf8))
        #expect(decoded.coordinates == Self.expected(polygon), "numbers parse back exactly, in lon, lat order")
    }

    @Test func twoPartsAreAMultiPolygon() throws {
        let shape = MultiPolygon([Polygon(exterior: Self.outer, holes: [Self.hole]), Polygon(exterior: Self.second)])
        let text = GeoJSONGeometry.text(shape)
        let json = try Self.parse(text)
        #expect(json["type"] as? String == "MultiPolygon")
        #expect(Self.depth(json["coordinates"]) == 4, "parts → rings → positions → numbers")
        let parts = try #require(json["coordinates"] as? [Any])
        #expect(parts.count == 2)
        #expect((parts[0] as? [Any])?.count == 2 && (parts[1] as? [Any])?.count == 1, "rings per part")
        let decoded = try JSONDecoder().decode(MultiPolygonJSON.self, from: Data(text.utf8))
        #expect(decoded.coordinates == shape.polygons.map(Self.expected))
    }

    @Test func positionsAreLonLatPairs() throws {
        let text = GeoJSONGeometry.text(MultiPolygon(Polygon(exterior: Self.second)))
        #expect(text.hasPrefix("{\"type\":\"Polygon\",\"coordinates\":[[[-0.1,-33.868],"), "\(text)")
    }

    @Test func emptyShapeIsAnEmptyMultiPolygon() throws {
        let json = try Self.parse(GeoJSONGeometry.text(MultiPolygon([])))
        #expect(json["type"] as? String == "MultiPolygon")
        #expect((json["coordinates"] as? [Any])?.isEmpty == true)
    }
}
