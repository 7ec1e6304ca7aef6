@testable import GridGeometry
import Testing

@Suite struct VectorTileTests {
    /// Rings back from geometry commands (MoveTo, LineTo, ClosePath with zigzag deltas), as a decoder reads them.
    func decode(_ commands: [UInt32]) -> [[(x: Int, y: Int)]] {
        func unzig(_ v: UInt32) -> Int { Int(v >> 1) ^ -Int(v & 1) }
        var rings: [[(x: Int, y: Int)]] = [], cursor = (x: 0, y: 0), i = 0
        while i < commands.count {
            let id = commands[i] & 7, count = Int(commands[i] >> 3)
            i += 1
            switch id {
            case 1, 2:
                if id == 1 { rings.append([]) }
                for _ in 0..<count {
                    cursor = (cursor.x + unzig(commands[i]), cursor.y + unzig(commands[i + 1]))
                    rings[rings.count - 1].append(cursor)
                    i += 2
                }
            default: break
            }
        }
        return rings
    }

    @Test func ringsAreWoundAsTheSpecAsksAndCursorCarriesOver() throws {
        let tile = try TileAddress(z: 14, x: 13126, y: 7050)
        let box = tile.bounds
        func p(_ fx: Double, _ fy: Double) -> LonLat {
            LonLat(box.minLon + fx * (box.maxLon - box.minLon), box.minLat + fy * (box.maxLat - box.minLat))
        }
        // Exterior given anticlockwise on the map, hole clockwise: both must come out the other way round.
        let shape = MultiPolygon(Polygon(exterior: Ring([p(0.1, 0.1), p(0.9, 0.1), p(0.9, 0.9), p(0.1, 0.9), p(0.1, 0.1)]),
                                         holes: [Ring([p(0.4, 0.4), p(0.4, 0.6), p(0.6, 0.6), p(0.6, 0.4), p(0.4, 0.4)])]))
        let rings = decode(VectorTile(address: tile).commands(for: shape))
        #expect(rings.count == 2 && rings[0].count == 4 && rings[1].count == 4)
        #expect(VectorTile.doubleArea(rings[0]) > 0 && VectorTile.doubleArea(rings[1]) < 0)
        // About a tenth of the way in from the west and the north (y grows downwards).
        #expect(abs(rings[0].map(\.x).min()! - 410) <= 2 && abs(rings[0].map(\.y).min()! - 410) <= 3)
    }

    @Test func shapesSmallerThanAPixelDrawNothing() throws {
        var tile = VectorTile(address: try TileAddress(z: 0, x: 0, y: 0))
        let speck = MultiPolygon(Polygon(exterior: Ring([LonLat(108.4, 24.3), LonLat(108.401, 24.3), LonLat(108.401, 24.301), LonLat(108.4, 24.3)])))
        #expect(tile.addLayer("grid", features: [VectorTile.Feature(id: 1, shape: speck, properties: [("code", .string("x"))])]) == 0)
        #expect(VectorTile.zigzag(-1) == 1 && VectorTile.zigzag(1) == 2 && VectorTile.zigzag(-64) == 127)
    }

    @Test func addressesOutsideThePyramidAreRefused() throws {
        #expect(throws: TileAddress.Invalid.self) { try TileAddress(z: 2, x: 4, y: 0) }
        #expect(throws: TileAddress.Invalid.self) { try TileAddress(z: 23, x: 0, y: 0) }
        #expect(throws: TileAddress.Invalid.self) { try TileAddress(z: 1, x: 0, y: -1) }
        let world = try TileAddress(z: 0, x: 0, y: 0).bounds
        #expect(abs(world.minLon + 180) < 1e-9 && abs(world.maxLat - 85.0511287798) < 1e-6)
    }
}
