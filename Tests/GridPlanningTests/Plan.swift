import GridDomain
import GridGeometry

/// A small generation drawn by hand in metres around 108.4°E 24.3°N: one district, one
/// subdistrict and one community of 400 × 300 m, cut into four grids of 200 × 150 m:
///
///     y=300  +---------+---------+
///            |  G1 001 |  G2 002 |
///     y=150  +---------+---------+
///            |  G3 003 |  G4 004 |
///     y=0    +---------+---------+
///           x=0      x=200     x=400
///
/// Shared edges hold identical vertices; the parents' outlines hold the grids' corners. Tests
/// replace one unit's shape or code to inject a problem.
struct Plan {
    static let frame = LocalFrame(centre: LonLat(108.4, 24.3))
    static let district = "450299", subdistrict = "450299001", community = "450299001001"
    static func grid(_ n: Int) -> String { community + String(format: "%03d", n) }

    var units: [AreaUnit]

    init() {
        let outline = Self.polygon([(0, 0), (200, 0), (400, 0), (400, 150), (400, 300), (200, 300), (0, 300), (0, 150)])
        units = [
            AreaUnit(code: Self.district, tier: .district, name: "青禾区", parentCode: nil, geometry: outline),
            AreaUnit(code: Self.subdistrict, tier: .subdistrict, name: "东街道", parentCode: Self.district, geometry: outline),
            AreaUnit(code: Self.community, tier: .community, name: "东社区", parentCode: Self.subdistrict, geometry: outline),
            Self.gridUnit(1, [(0, 150), (200, 150), (200, 300), (0, 300)]),
            Self.gridUnit(2, [(200, 150), (400, 150), (400, 300), (200, 300)]),
            Self.gridUnit(3, [(0, 0), (200, 0), (200, 150), (0, 150)]),
            Self.gridUnit(4, [(200, 0), (400, 0), (400, 150), (200, 150)]),
        ]
    }

    static func gridUnit(_ n: Int, _ corners: [(Double, Double)]) -> AreaUnit {
        AreaUnit(code: grid(n), tier: .grid, name: "第\(n)网格", parentCode: community, geometry: polygon(corners))
    }

    /// Degrees for a position given in metres east and north of the frame's centre.
    static func at(_ x: Double, _ y: Double) -> LonLat { frame.degrees(LonLat(x, y)) }

    /// A one-polygon shape from corners in metres (closed here), in the order given.
    static func polygon(_ corners: [(Double, Double)]) -> MultiPolygon {
        MultiPolygon(Polygon(exterior: ring(corners)))
    }

    static func ring(_ corners: [(Double, Double)]) -> Ring {
        let points = corners.map { at($0.0, $0.1) }
        return Ring(points + [points[0]])
    }

    subscript(code: String) -> AreaUnit {
        get { units.first { $0.code == code }! }
        set { units[units.firstIndex { $0.code == code }!] = newValue }
    }

    /// Replaces grid `n`'s shape with these corners (metres).
    mutating func redraw(grid n: Int, _ corners: [(Double, Double)]) {
        self[Self.grid(n)].geometry = Self.polygon(corners)
    }

    /// The frame's metres of a position (to check where a problem was found).
    static func metres(_ p: LonLat) -> (x: Double, y: Double) {
        let m = frame.metres(p)
        return (m.lon, m.lat)
    }
}
