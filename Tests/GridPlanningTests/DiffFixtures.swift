import Foundation
import GridDomain
import GridGeometry

/// Hand-built generations of rectangular grids in one row, sharing edges vertex for vertex, so
/// that every expected area can be computed independently from the rectangles themselves.
enum DiffFixtures {
    static let south = 34.000, north = 34.010
    static let community = "410101001001"

    static func code(_ n: Int) -> String { community + String(format: "%03d", n) }

    /// A rectangle from `west` to `east` between the fixture's south and north, counter-clockwise.
    static func rectangle(_ west: Double, _ east: Double) -> MultiPolygon {
        MultiPolygon(Polygon(exterior: Ring([LonLat(west, south), LonLat(east, south), LonLat(east, north), LonLat(west, north), LonLat(west, south)])))
    }

    static func area(_ west: Double, _ east: Double) -> Double { Geodesic.wgs84.area(rectangle(west, east)) }

    static func grid(_ n: Int, _ west: Double, _ east: Double, households: Int?, population: Int? = nil, name: String? = nil) -> AreaUnit {
        AreaUnit(code: code(n), tier: .grid, name: name ?? "第\(n)网格", parentCode: community, geometry: rectangle(west, east),
                 households: households, population: population)
    }

    /// A: 113.000-113.010, B: -113.020, C: -113.030, D: -113.040, F: -113.050, H: -113.060, K: -113.070.
    static var old: [AreaUnit] {
        [grid(1, 113.000, 113.010, households: 400, population: 1_000),
         grid(2, 113.010, 113.020, households: 300, population: 900),
         grid(3, 113.020, 113.030, households: 200, population: 500),
         grid(4, 113.030, 113.040, households: 500, population: 1_500),
         grid(6, 113.040, 113.050, households: 600, population: 1_800),
         grid(8, 113.050, 113.060, households: 350, population: 1_000),
         grid(11, 113.060, 113.070, households: 420, population: 1_100)]
    }

    /// The redraw: the A|B edge moves 0.002° east (A grows), D merges into C, F splits (G takes
    /// its east half), H is renamed; K is untouched.
    static var new: [AreaUnit] {
        [grid(1, 113.000, 113.012, households: 400, population: 1_000),
         grid(2, 113.012, 113.020, households: 300, population: 900),
         grid(3, 113.020, 113.040, households: 700, population: 2_000),
         grid(6, 113.040, 113.045, households: 300, population: 900),
         grid(7, 113.045, 113.050, households: 300, population: 900),
         grid(8, 113.050, 113.060, households: 350, population: 1_000, name: "东门网格"),
         grid(11, 113.060, 113.070, households: 420, population: 1_100)]
    }
}
