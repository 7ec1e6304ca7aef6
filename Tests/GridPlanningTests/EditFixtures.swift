import GridDomain
import GridGeometry

/// A hand-built district for edit tests: one subdistrict, one community 3 cells wide and 2 high
/// (0.01° cells near 108.4°E 24.3°N), cut into six rectangular grids numbered in reading order
/// (001-003 the northern row, west to east), plus a second community to the east with one grid.
/// Shared edges hold identical vertices, as a clean import does.
enum EditFixtures {
    static let origin = LonLat(108.40, 24.30)
    static let cell = 0.01
    static let district = "450299"
    static let subdistrict = "450299001"
    static let community = "450299001001"
    static let eastCommunity = "450299001002"

    static func point(_ col: Double, _ row: Double) -> LonLat {
        LonLat(origin.lon + col * cell, origin.lat + row * cell)
    }

    static func box(_ c0: Double, _ r0: Double, _ c1: Double, _ r1: Double, extra: [LonLat] = []) -> MultiPolygon {
        MultiPolygon(Polygon(exterior: Ring([point(c0, r0), point(c1, r0), point(c1, r1), point(c0, r1), point(c0, r0)])))
    }

    /// Grid `n` (1...6) of the western community: row 1 (north) holds 1-3, row 0 holds 4-6.
    static func gridCode(_ n: Int) -> String { community + String(format: "%03d", n) }

    static func units(households: Int = 400) -> [AreaUnit] {
        var units = [
            AreaUnit(code: district, tier: .district, name: "青禾区", parentCode: nil, geometry: box(0, 0, 4, 2)),
            AreaUnit(code: subdistrict, tier: .subdistrict, name: "青禾街道", parentCode: district, geometry: box(0, 0, 4, 2)),
            AreaUnit(code: community, tier: .community, name: "金桂社区", parentCode: subdistrict, geometry: box(0, 0, 3, 2)),
            AreaUnit(code: eastCommunity, tier: .community, name: "银杏社区", parentCode: subdistrict, geometry: box(3, 0, 4, 2)),
            AreaUnit(code: eastCommunity + "001", tier: .grid, name: "银杏第1网格", parentCode: eastCommunity, geometry: box(3, 0, 4, 2),
                     households: households),
        ]
        for n in 1...6 {
            let col = Double((n - 1) % 3), row = n <= 3 ? 1.0 : 0.0
            units.append(AreaUnit(code: gridCode(n), tier: .grid, name: "金桂第\(n)网格", parentCode: community,
                                  geometry: box(col, row, col + 1, row + 1), households: households, population: households * 3))
        }
        return units
    }
}
