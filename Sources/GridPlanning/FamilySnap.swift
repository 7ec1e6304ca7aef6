import GridDomain
import GridGeometry

/// The snapping of one family (see ``VertexSnapper``), in plain Swift over distinct positions.
///
/// 1. Vertex to vertex: positions are visited parent's first, then those shared by the most
///    units, then west to east; each unvisited position of other units within the tolerance
///    moves onto the visited one (an anchor). Two positions of one unit never merge: that would
///    fold its own ring. The parent's positions never move.
/// 2. Vertex to edge: a position still alone (not moved, not an anchor) within the tolerance of
///    another unit's edge moves to its foot on that edge, and every child holding that edge gets
///    the foot as a new vertex (a vertex exactly on the edge stays and is added to the edge's
///    holders). The parent gets none: it is not being repaired.
struct FamilySnap {
    let units: [AreaUnit]
    let family: UnitFamilies.Family
    let toleranceM: Double

    struct Outcome {
        var index: Int
        var shape: MultiPolygon
        var moved: Int
        var inserted: Int
        var largestMoveM: Double
        var firstMove: LonLat?
        var firstInsert: LonLat?
    }

    /// A ring as position ids, with where it sits in its unit (polygon, ring).
    private struct RingRef {
        var owner: Int
        var polygon: Int
        var ring: Int
        var ids: [Int]
    }

    private struct Cell: Hashable {
        var x: Int
        var y: Int
    }

    /// The cell holding a coordinate already divided by the cell size. A tolerance far below the
    /// plane's precision (1e-15 m) makes the quotient exceed `Int`'s range, where `Int(_:)` traps:
    /// clamping keeps distant points in far cells (the distance test still decides every pair).
    static func cellIndex(_ quotient: Double) -> Int {
        guard !quotient.isNaN else { return 0 }
        let limit = 4e18  // well inside Int's ±9.2e18, so neighbours' `± 1` cannot overflow either
        return Int(min(max(quotient.rounded(.down), -limit), limit))
    }

    func run() -> [Outcome] {
        // Owners 0..<n are the children; owner n is the parent (a target only).
        let owners = family.children.map { units[$0] } + (family.parent.map { [units[$0]] } ?? [])
        let parentOwner = family.parent == nil ? -1 : family.children.count
        var box = BoundingBox.empty
        for unit in owners { box.extend(unit.geometry.bounds) }
        let frame = LocalFrame(around: box)

        var idOf: [LonLat: Int] = [:]
        var points: [LonLat] = []
        var ownersOf: [Set<Int>] = []
        var rings: [RingRef] = []
        for (o, unit) in owners.enumerated() {
            for (p, polygon) in unit.geometry.polygons.enumerated() {
                for (r, ring) in polygon.rings.enumerated() {
                    var ids: [Int] = []
                    var pts = ring.points
                    if pts.count > 1, pts.first == pts.last { pts.removeLast() }
                    for point in pts {
                        let id: Int
                        if let known = idOf[point] {
                            id = known
                        } else {
                            id = points.count
                            idOf[point] = id
                            points.append(point)
                            ownersOf.append([])
                        }
                        ownersOf[id].insert(o)
                        ids.append(id)
                    }
                    rings.append(RingRef(owner: o, polygon: p, ring: r, ids: ids))
                }
            }
        }
        let metres = points.map(frame.metres)
        let tol = toleranceM
        func cell(_ m: LonLat, _ size: Double) -> Cell { Cell(x: Self.cellIndex(m.lon / size), y: Self.cellIndex(m.lat / size)) }
        func distance(_ a: LonLat, _ b: LonLat) -> Double { ((a.lon - b.lon) * (a.lon - b.lon) + (a.lat - b.lat) * (a.lat - b.lat)).squareRoot() }

        // 1. Vertex to vertex.
        var grid: [Cell: [Int]] = [:]
        for id in points.indices { grid[cell(metres[id], tol), default: []].append(id) }
        let order = points.indices.sorted { a, b in
            let pa = ownersOf[a].contains(parentOwner), pb = ownersOf[b].contains(parentOwner)
            if pa != pb { return pa }
            if ownersOf[a].count != ownersOf[b].count { return ownersOf[a].count > ownersOf[b].count }
            return (points[a].lon, points[a].lat) < (points[b].lon, points[b].lat)
        }
        var target = [Int](repeating: -1, count: points.count)
        var anchor = [Bool](repeating: false, count: points.count)
        for p in order where target[p] < 0 {
            let c = cell(metres[p], tol)
            var near: [(Int, Double)] = []
            for dx in -1...1 {
                for dy in -1...1 {
                    for q in grid[Cell(x: c.x + dx, y: c.y + dy)] ?? [] where q != p && target[q] < 0 && !anchor[q]
                        && !ownersOf[q].contains(parentOwner) && ownersOf[p].isDisjoint(with: ownersOf[q]) {
                        let d = distance(metres[p], metres[q])
                        if d <= tol { near.append((q, d)) }
                    }
                }
            }
            for (q, _) in near {
                target[q] = p
                anchor[p] = true
            }
        }
        func resolved(_ id: Int) -> Int { target[id] >= 0 ? target[id] : id }

        // 2. Vertex to edge: segments by resolved ids, in a coarser grid.
        let size = max(4 * tol, 25)
        var segments: [(a: Int, b: Int)] = []
        var segmentOwners: [Set<Int>] = []
        var segmentIndex: [[Int]: Int] = [:]
        var segmentGrid: [Cell: [Int]] = [:]
        for ring in rings {
            let n = ring.ids.count
            for k in 0..<n {
                let a = resolved(ring.ids[k]), b = resolved(ring.ids[(k + 1) % n])
                guard a != b else { continue }
                let key = [min(a, b), max(a, b)]
                if let s = segmentIndex[key] {
                    segmentOwners[s].insert(ring.owner)
                    continue
                }
                let s = segments.count
                segmentIndex[key] = s
                segments.append((key[0], key[1]))
                segmentOwners.append([ring.owner])
                let ma = metres[key[0]], mb = metres[key[1]]
                let lo = cell(LonLat(min(ma.lon, mb.lon) - tol, min(ma.lat, mb.lat) - tol), size)
                let hi = cell(LonLat(max(ma.lon, mb.lon) + tol, max(ma.lat, mb.lat) + tol), size)
                for x in lo.x...hi.x { for y in lo.y...hi.y { segmentGrid[Cell(x: x, y: y), default: []].append(s) } }
            }
        }
        var footOf: [Int: LonLat] = [:]
        var inserts: [Int: [(t: Double, point: LonLat)]] = [:]
        for p in points.indices where target[p] < 0 && !anchor[p] && !ownersOf[p].contains(parentOwner) {
            var best: (s: Int, t: Double, d: Double)?
            for s in segmentGrid[cell(metres[p], size)] ?? [] where segmentOwners[s].isDisjoint(with: ownersOf[p]) {
                let (a, b) = segments[s]
                guard a != p, b != p else { continue }
                let ma = metres[a], mb = metres[b], mp = metres[p]
                let dx = mb.lon - ma.lon, dy = mb.lat - ma.lat
                let length2 = dx * dx + dy * dy
                guard length2 > 0 else { continue }
                let t = ((mp.lon - ma.lon) * dx + (mp.lat - ma.lat) * dy) / length2
                guard t > 0, t < 1 else { continue }
                let d = distance(mp, LonLat(ma.lon + t * dx, ma.lat + t * dy))
                if d <= tol, d < (best?.d ?? .infinity) { best = (s, t, d) }
            }
            guard let best else { continue }
            let (a, b) = segments[best.s]
            // A vertex already on the edge stays put; the edge's holders get it as a vertex.
            let foot = best.d < 1e-6 ? points[p]
                : LonLat(points[a].lon + best.t * (points[b].lon - points[a].lon), points[a].lat + best.t * (points[b].lat - points[a].lat))
            footOf[p] = foot
            inserts[best.s, default: []].append((best.t, foot))
        }

        // Rebuild each child that changed.
        var out: [Int: Outcome] = [:]
        func position(_ id: Int) -> LonLat { footOf[id] ?? points[resolved(id)] }
        var rebuilt: [Int: [[[LonLat]]]] = [:]
        for ring in rings where ring.owner != parentOwner {
            var outcome = out[ring.owner] ?? Outcome(index: family.children[ring.owner], shape: MultiPolygon([]), moved: 0, inserted: 0, largestMoveM: 0)
            var pts: [LonLat] = []
            let n = ring.ids.count
            for k in 0..<n {
                let id = ring.ids[k]
                let here = position(id)
                if here != points[id] {
                    outcome.moved += 1
                    outcome.largestMoveM = max(outcome.largestMoveM, distance(frame.metres(here), metres[id]))
                    if outcome.firstMove == nil { outcome.firstMove = points[id] }
                }
                pts.append(here)
                let a = resolved(id), b = resolved(ring.ids[(k + 1) % n])
                if a != b, let s = segmentIndex[[min(a, b), max(a, b)]], let extra = inserts[s] {
                    // Insertions are stored along the segment from its lower id; walk them our way.
                    let along = extra.sorted { a < b ? $0.t < $1.t : $0.t > $1.t }
                    for (_, foot) in along {
                        pts.append(foot)
                        outcome.inserted += 1
                        if outcome.firstInsert == nil { outcome.firstInsert = foot }
                    }
                }
            }
            var clean: [LonLat] = []
            for p in pts where clean.last != p { clean.append(p) }
            while clean.count > 1, clean.first == clean.last { clean.removeLast() }
            clean.append(clean.first ?? LonLat(0, 0))
            out[ring.owner] = outcome
            var shape = rebuilt[ring.owner] ?? []
            while shape.count <= ring.polygon { shape.append([]) }
            shape[ring.polygon].append(clean)
            rebuilt[ring.owner] = shape
        }
        return out.keys.sorted().compactMap { owner in
            guard var outcome = out[owner], outcome.moved > 0 || outcome.inserted > 0 else { return nil }
            outcome.shape = MultiPolygon(rebuilt[owner]!.map { rings in
                Polygon(exterior: Ring(rings[0]), holes: rings.dropFirst().map(Ring.init))
            })
            return outcome
        }
    }
}
