import GridDomain
import GridGeometry

/// The validator's comparisons within each family (a parent and the units naming it), one family
/// per task on every core: each child inside its parent, and no two siblings overlapping, both
/// beyond the tolerance.
///
/// A family of this import's own units, all valid, whose children tile their parent exactly
/// (``CoverageProof``: every shared edge holds the same vertices) can do neither, and is not
/// handed to GEOS at all: on a clean city that is every family but the districts'. The others are
/// compared as the single-threaded validator compared them, and their problems listed in its
/// order: spills in read order, then overlaps family by family in code order.
struct FamilyComparison: Sendable {
    let reads: [UnitFeatureReader.Read]
    let existing: [AreaUnit]
    let firstByCode: [String: Int]
    let existingByCode: [String: Int]
    let parentOK: Set<String>
    let toleranceM2: Double

    /// Where a unit's shape comes from: a read of this import or a unit already in the generation.
    enum Source: Sendable, Equatable {
        case read(Int)
        case existing(Int)
    }

    struct Member: Sendable {
        let code: String
        let source: Source
        let box: BoundingBox
    }

    struct Outcome {
        var problems: [ImportProblem] = []
        var tiledParents: Set<String> = []
    }

    /// One family's findings.
    private struct Found: Sendable {
        var spills: [(read: Int, problem: ImportProblem)] = []
        var overlaps: [ImportProblem] = []
        var tiled = false
    }

    func run(_ shapes: UnitShapes, usable: [Int], threads: Int) -> Outcome {
        // The units that take part, by code: reads first, then existing units (as before).
        var shapeOf: [String: Source] = [:]
        var siblings: [String: [Member]] = [:]
        for (k, i) in usable.enumerated() where shapes.hasShape(usable: k) {
            let unit = reads[i].unit
            shapeOf[unit.code] = .read(i)
            siblings[unit.parentCode ?? "", default: []].append(Member(code: unit.code, source: .read(i), box: unit.geometry.bounds))
        }
        for (e, unit) in existing.enumerated() where shapes.hasShape(existing: e) {
            if shapeOf[unit.code] == nil { shapeOf[unit.code] = .existing(e) }
            guard siblings[unit.parentCode ?? ""] != nil else { continue }
            siblings[unit.parentCode ?? "", default: []].append(Member(code: unit.code, source: .existing(e), box: unit.geometry.bounds))
        }
        let keys = siblings.keys.sorted()
        let groups = keys.map { siblings[$0]! }
        let cost = groups.map { $0.reduce(0) { $0 + shape($1.source).vertexCount } }
        let order = keys.indices.sorted { cost[$0] > cost[$1] }
        let shapeTable = shapeOf
        let found = PerThread.geos(order.count, threads: threads) { geos, n in
            compare(keys[order[n]], groups[order[n]], shapeOf: shapeTable, in: geos)
        }
        var byKey = [Found?](repeating: nil, count: keys.count)
        for (n, k) in order.enumerated() { byKey[k] = found[n] }

        var outcome = Outcome()
        let spills = byKey.flatMap { $0!.spills }.sorted { $0.read < $1.read }
        outcome.problems = spills.map(\.problem) + byKey.flatMap { $0!.overlaps }
        for (k, key) in keys.enumerated() where byKey[k]!.tiled { outcome.tiledParents.insert(key) }
        return outcome
    }

    private func shape(_ source: Source) -> MultiPolygon {
        switch source {
        case .read(let i): reads[i].unit.geometry
        case .existing(let e): existing[e].geometry
        }
    }

    private func problem(_ read: Int, _ reason: String) -> ImportProblem {
        let read = reads[read]
        return ImportProblem(source: read.source, location: read.location, code: read.unit.code, field: "geometry", reason: reason)
    }

    /// The family of `parent` (the key; empty for units without one): proven, or compared with GEOS.
    private func compare(_ parent: String, _ members: [Member], shapeOf: [String: Source], in geos: GEOSContext) -> Found {
        var found = Found()
        if !parent.isEmpty, case .read(let p)? = shapeOf[parent],
           members.allSatisfy({ if case .read = $0.source { true } else { false } }),
           CoverageProof.tiles(reads[p].unit.geometry, with: members.map { shape($0.source) }) {
            found.tiled = true
            return found
        }
        var built: [Source: GEOSGeometry] = [:]
        func geometry(_ source: Source) -> GEOSGeometry? {
            if let made = built[source] { return made }
            let made = try? geos.geometry(shape(source))
            built[source] = made
            return made
        }

        // Children inside their parent.
        if let parentSource = shapeOf[parent], let parentShape = geometry(parentSource) {
            var prepared: PreparedGeometry?
            for member in members where parentOK.contains(member.code) {
                guard case .read(let i) = member.source, let child = geometry(member.source) else { continue }
                do {
                    if prepared == nil { prepared = try geos.prepare(parentShape) }
                    if try geos.covers(prepared!, child) { continue }
                    let spill = try geos.difference(child, parentShape)
                    let area = Geodesic.wgs84.area(geos.polygons(of: spill))
                    if area > toleranceM2 {
                        let near = geos.pointOnSurface(spill).map { " near \($0)" } ?? ""
                        found.spills.append((i, problem(i, "spills outside its parent \(parent) by \(UnitValidator.format(area)) m²\(near) (tolerance \(UnitValidator.format(toleranceM2)) m²)")))
                    }
                } catch {
                    found.spills.append((i, problem(i, "cannot compare with parent \(parent): \(error.message)")))
                }
            }
        }

        // Siblings must not overlap: a sweep over bounding boxes, then GEOS on the pairs that meet.
        let sorted = members.sorted { $0.box.minLon < $1.box.minLon }
        for i in sorted.indices {
            var j = i + 1
            while j < sorted.count && sorted[j].box.minLon <= sorted[i].box.maxLon {
                defer { j += 1 }
                let a = sorted[i], b = sorted[j]
                let readA = a.source.read, readB = b.source.read
                guard readA != nil || readB != nil, a.box.intersects(b.box),
                      let ga = geometry(a.source), let gb = geometry(b.source) else { continue }
                do {
                    guard try geos.interiorsIntersect(ga, gb) else { continue }
                    let overlap = try geos.intersection(ga, gb)
                    let area = Geodesic.wgs84.area(geos.polygons(of: overlap))
                    guard area > toleranceM2 else { continue }
                    let (reported, other) = readB != nil ? (readB!, a.code) : (readA!, b.code)
                    let near = geos.pointOnSurface(overlap).map { " near \($0)" } ?? ""
                    found.overlaps.append(problem(reported,
                        "overlaps sibling \(other) by \(UnitValidator.format(area)) m²\(near) (tolerance \(UnitValidator.format(toleranceM2)) m²)"))
                } catch {
                    found.overlaps.append(problem((readB ?? readA)!, "cannot compare with sibling: \(error.message)"))
                }
            }
        }
        return found
    }
}

extension FamilyComparison.Source: Hashable {
    /// The read's index, or nil for an existing unit.
    var read: Int? {
        if case .read(let i) = self { return i }
        return nil
    }
}
