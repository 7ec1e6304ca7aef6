import GridDomain
import GridGeometry

/// One family's shapes in one GEOS context: the children as GEOS geometries (invalid ones
/// replaced by GEOS's repair, so that one bad child does not hide its siblings' gaps), the
/// parent, and the questions asked of them: gaps, spills, overlaps.
///
/// Not `Sendable`, like its context: a family is worked on by one thread from start to end.
final class FamilyShapes {
    struct Member {
        let index: Int
        let shape: GEOSGeometry
        let box: BoundingBox
    }

    /// A child GEOS refused, with its reason and the vertex where it fails (if GEOS names one).
    struct Refusal {
        let index: Int
        let reason: String
        let location: LonLat?
        /// True when the child is used in the comparisons in repaired form.
        let repaired: Bool
    }

    /// An area of a family's problem: polygons with their geodesic area, mean width and a point on them.
    struct Patch {
        let shape: MultiPolygon
        let areaM2: Double
        let widthM: Double
        let location: LonLat?
    }

    let geos: GEOSContext
    let units: [AreaUnit]
    let family: UnitFamilies.Family
    private(set) var members: [Member] = []
    private(set) var refusals: [Refusal] = []
    /// A point inside each child (GEOS's point on surface of its usable shape), by unit index.
    private(set) var points: [Int: LonLat] = [:]
    /// The parent as GEOS sees it (repaired if invalid: its own family reports that), once
    /// ``buildParent()`` has run; only the overlays need it.
    private(set) var parent: GEOSGeometry?
    /// The local plane of the family, for measures in metres.
    let frame: LocalFrame

    /// Areas below this (m², 10 cm²) are floating-point residue of the overlay, not problems.
    static let noiseAreaM2 = 0.001

    init(geos: GEOSContext, units: [AreaUnit], family: UnitFamilies.Family) {
        self.geos = geos
        self.units = units
        self.family = family
        var box = BoundingBox.empty
        if let p = family.parent { box = units[p].geometry.bounds }
        for i in family.children { box.extend(units[i].geometry.bounds) }
        frame = LocalFrame(around: box)
        for i in family.children {
            let unit = units[i]
            guard !unit.geometry.polygons.isEmpty else {
                refusals.append(Refusal(index: i, reason: "the geometry has no polygon", location: nil, repaired: false))
                continue
            }
            do {
                let built = try geos.geometry(unit.geometry)
                switch geos.validity(of: built) {
                case .valid:
                    add(i, built)
                case .invalid(let reason, let location):
                    let fixed = try Self.usable(repairing: built, in: geos)
                    refusals.append(Refusal(index: i, reason: reason, location: location, repaired: fixed != nil))
                    if let fixed { add(i, fixed) }
                }
            } catch {
                refusals.append(Refusal(index: i, reason: error.message, location: unit.geometry.polygons.first?.exterior.points.first,
                                        repaired: false))
            }
        }
    }

    private func add(_ i: Int, _ shape: GEOSGeometry) {
        members.append(Member(index: i, shape: shape, box: units[i].geometry.bounds))
        points[i] = geos.pointOnSurface(shape)
    }

    /// GEOS's repair of an invalid shape, polygonal parts only; nil when nothing areal is left.
    static func usable(repairing shape: GEOSGeometry, in geos: GEOSContext) throws(GEOSError) -> GEOSGeometry? {
        let areas = geos.polygons(of: try geos.makeValid(shape))
        return areas.polygons.isEmpty ? nil : try geos.geometry(areas)
    }

    func buildParent() throws(GEOSError) {
        guard parent == nil, let p = family.parent, !units[p].geometry.polygons.isEmpty else { return }
        let built = try geos.geometry(units[p].geometry)
        parent = try geos.isValid(built) ? built : Self.usable(repairing: built, in: geos)
    }

    /// True when every child is valid and together they tile the parent exactly
    /// (``CoverageProof``): then there is nothing for the overlays to find.
    var provenToTile: Bool {
        guard let p = family.parent, refusals.isEmpty, members.count == family.children.count else { return false }
        return CoverageProof.tiles(units[p].geometry, with: family.children.map { units[$0].geometry })
    }

    /// The union of the usable children.
    func union() throws(GEOSError) -> GEOSGeometry {
        try geos.unaryUnion(geos.collection(members.map(\.shape)))
    }

    func patch(_ g: GEOSGeometry) -> Patch? {
        let shape = geos.polygons(of: g)
        return patch(shape, location: geos.pointOnSurface(g))
    }

    func patch(_ shape: MultiPolygon, location: LonLat?) -> Patch? {
        guard !shape.polygons.isEmpty else { return nil }
        let area = Geodesic.wgs84.area(shape)
        guard area > Self.noiseAreaM2 else { return nil }
        return Patch(shape: shape, areaM2: area, widthM: PlanarMeasure(shape).meanWidthM, location: location)
    }

    // MARK: Gaps

    struct Gap {
        let patch: Patch
        /// The children touching the gap, longest shared boundary first.
        let neighbours: [(member: Int, sharedM: Double)]
    }

    /// Each separate piece of the parent that no child covers.
    func gaps(union: GEOSGeometry) throws(GEOSError) -> [Gap] {
        guard let parent else { return [] }
        let uncovered = geos.polygons(of: try geos.difference(parent, union))
        var out: [Gap] = []
        for piece in uncovered.polygons {
            let g = try geos.geometry(piece)
            guard let patch = patch(MultiPolygon(piece), location: geos.pointOnSurface(g)) else { continue }
            out.append(Gap(patch: patch, neighbours: try neighbours(of: g, box: piece.exterior.bounds)))
        }
        return out
    }

    /// Children within a hair (1e-9°, 0.1 mm) of `area`, with the length of boundary they share.
    func neighbours(of area: GEOSGeometry, box: BoundingBox) throws(GEOSError) -> [(member: Int, sharedM: Double)] {
        let eps = 1e-9
        let outline = try geos.boundary(area)
        var found: [(member: Int, sharedM: Double)] = []
        for (m, member) in members.enumerated() {
            let b = member.box
            guard b.minLon <= box.maxLon + eps, box.minLon <= b.maxLon + eps, b.minLat <= box.maxLat + eps, box.minLat <= b.maxLat + eps,
                  try geos.isWithinDistance(area, member.shape, eps) else { continue }
            let shared = geos.lines(of: try geos.intersection(outline, member.shape)).reduce(0) { $0 + Geodesic.wgs84.length($1) }
            found.append((member: m, sharedM: shared))
        }
        // Longest shared boundary first; a tie goes to the lower code.
        return found.sorted { ($0.sharedM, units[members[$1.member].index].code) > ($1.sharedM, units[members[$0.member].index].code) }
    }

    // MARK: Spills

    /// Each child's part outside the parent (only children near the union's part outside are compared).
    func spills(union: GEOSGeometry) throws(GEOSError) -> [(member: Int, patch: Patch)] {
        guard let parent else { return [] }
        let outside = geos.polygons(of: try geos.difference(union, parent))
        guard !outside.polygons.isEmpty, Geodesic.wgs84.area(outside) > Self.noiseAreaM2 else { return [] }
        let box = outside.bounds
        var out: [(member: Int, patch: Patch)] = []
        for (m, member) in members.enumerated() where member.box.intersects(box) {
            guard let patch = patch(try geos.difference(member.shape, parent)) else { continue }
            out.append((member: m, patch: patch))
        }
        return out
    }

    // MARK: Overlaps

    /// True when the children's areas add up to more than their union's (beyond residue): only
    /// then are sibling pairs compared one by one.
    func mayOverlap(union: GEOSGeometry) throws(GEOSError) -> Bool {
        guard members.count > 1 else { return false }
        var sum = 0.0
        for member in members { sum += try geos.area(member.shape) }
        let excess = (sum - (try geos.area(union))) * frame.metresPerDegreeLon * frame.metresPerDegreeLat
        return excess > Self.noiseAreaM2
    }

    /// Sibling pairs whose interiors meet, found by a sweep over boxes, with the shared area.
    func overlaps() throws(GEOSError) -> [(a: Int, b: Int, patch: Patch)] {
        let order = members.indices.sorted { members[$0].box.minLon < members[$1].box.minLon }
        var out: [(a: Int, b: Int, patch: Patch)] = []
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                guard members[j].box.minLon <= members[i].box.maxLon else { break }
                guard members[i].box.intersects(members[j].box),
                      try geos.interiorsIntersect(members[i].shape, members[j].shape),
                      let patch = patch(try geos.intersection(members[i].shape, members[j].shape)) else { continue }
                out.append((a: i, b: j, patch: patch))
            }
        }
        return out
    }
}
