import GridDomain
import GridGeometry

/// Measures, with GEOS, how well a parent's children tile it: the area of the parent they leave
/// uncovered, the area covered twice, and the area outside the parent. Independent of the code
/// under test, which never computes these sums.
struct TilingCheck {
    var gapM2: Double
    var overlapM2: Double
    var spillM2: Double

    init(parent: AreaUnit, children: [AreaUnit]) throws {
        let geos = GEOSContext()
        let parentShape = try geos.geometry(parent.geometry)
        var union = try geos.geometry(children[0].geometry)
        for child in children.dropFirst() { union = try geos.union(union, try geos.geometry(child.geometry)) }
        let unionArea = Geodesic.wgs84.area(geos.polygons(of: union))
        let sum = children.reduce(0) { $0 + Geodesic.wgs84.area($1.geometry) }
        gapM2 = Geodesic.wgs84.area(geos.polygons(of: try geos.difference(parentShape, union)))
        spillM2 = Geodesic.wgs84.area(geos.polygons(of: try geos.difference(union, parentShape)))
        overlapM2 = sum - unionArea
    }

    /// Tiled to within a tenth of a square metre each way.
    var isExact: Bool { gapM2 < 0.1 && abs(overlapM2) < 0.1 && spillM2 < 0.1 }
}

extension Array where Element == AreaUnit {
    /// The units after an edit: the outcome's saved units replace or join, removed codes leave.
    func applying(removed: [String], saved: [AreaUnit]) -> [AreaUnit] {
        let gone = Set(removed).union(saved.map(\.code))
        return filter { !gone.contains($0.code) } + saved
    }

    subscript(code code: String) -> AreaUnit? { first { $0.code == code } }

    func children(of parent: String) -> [AreaUnit] { filter { $0.parentCode == parent } }
}
