import Foundation
import GridGeometry

/// A jittered lattice whose edges are wiggly polylines: the skeleton of a synthetic district.
///
/// Cell (i, j) becomes one grid. Every lattice edge is drawn once and used by both cells beside
/// it (reversed for one of them), so shared boundaries are identical vertex for vertex, as the
/// Locator's boundary rule and real cleaned data expect.
struct Lattice {
    let columns: Int
    let rows: Int
    let origin: LonLat
    let step: (lon: Double, lat: Double)
    let seed: UInt64
    let interiorPoints: ClosedRange<Int>
    private(set) var nodes: [LonLat] = []

    init(columns: Int, rows: Int, origin: LonLat, step: (lon: Double, lat: Double), seed: UInt64,
         interiorPoints: ClosedRange<Int>) {
        self.columns = columns
        self.rows = rows
        self.origin = origin
        self.step = step
        self.seed = seed
        self.interiorPoints = interiorPoints
        for j in 0...rows {
            for i in 0...columns {
                var rng = SplitMix.derived(seed, 1, i, j)
                let jx = (rng.unit() - 0.5) * 0.36 * step.lon
                let jy = (rng.unit() - 0.5) * 0.36 * step.lat
                nodes.append(LonLat(Self.round(origin.lon + Double(i) * step.lon + jx),
                                    Self.round(origin.lat + Double(j) * step.lat + jy)))
            }
        }
    }

    /// Seven decimals (about 1 cm), as exported by GIS tools: keeps the files small and the
    /// values identical after a round trip through text.
    static func round(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }

    func node(_ i: Int, _ j: Int) -> LonLat { nodes[j * (columns + 1) + i] }

    /// A lattice edge: horizontal from node (i, j) to (i+1, j), or vertical from (i, j) to (i, j+1).
    struct EdgeID: Hashable {
        var horizontal: Bool
        var i: Int
        var j: Int
    }

    /// The edge's polyline from its first node to its second, both ends included.
    func polyline(_ edge: EdgeID) -> [LonLat] {
        let a = node(edge.i, edge.j)
        let b = edge.horizontal ? node(edge.i + 1, edge.j) : node(edge.i, edge.j + 1)
        var rng = SplitMix.derived(seed, edge.horizontal ? 2 : 3, edge.i, edge.j)
        let count = interiorPoints.lowerBound + Int(rng.next() % UInt64(interiorPoints.count))
        let phase1 = rng.unit() * 2 * .pi, phase2 = rng.unit() * 2 * .pi
        let amp1 = (rng.unit() - 0.5) * 0.16, amp2 = (rng.unit() - 0.5) * 0.06
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        var points = [a]
        for k in 1...max(count, 1) where count > 0 {
            let t = Double(k) / Double(count + 1)
            // Displacement across the edge, tapered to zero at both ends so cells never fold over.
            let taper = sin(.pi * t)
            let offset = taper * (amp1 * sin(2 * .pi * t + phase1) + amp2 * sin(7 * .pi * t + phase2))
            points.append(LonLat(Self.round(a.lon + t * dx - offset * dy), Self.round(a.lat + t * dy + offset * dx)))
        }
        points.append(b)
        return points
    }

    /// A directed lattice edge as it appears going round a cell counter-clockwise.
    struct Directed: Hashable {
        var edge: EdgeID
        var forward: Bool

        var from: (Int, Int) {
            forward ? (edge.i, edge.j) : (edge.horizontal ? (edge.i + 1, edge.j) : (edge.i, edge.j + 1))
        }
        var to: (Int, Int) {
            forward ? (edge.horizontal ? (edge.i + 1, edge.j) : (edge.i, edge.j + 1)) : (edge.i, edge.j)
        }
        var reversed: Directed { Directed(edge: edge, forward: !forward) }
    }

    /// Bottom, right, top, left: counter-clockwise with x east and y north.
    static func boundary(ofCell i: Int, _ j: Int) -> [Directed] {
        [Directed(edge: EdgeID(horizontal: true, i: i, j: j), forward: true),
         Directed(edge: EdgeID(horizontal: false, i: i + 1, j: j), forward: true),
         Directed(edge: EdgeID(horizontal: true, i: i, j: j + 1), forward: false),
         Directed(edge: EdgeID(horizontal: false, i: i, j: j), forward: false)]
    }

    func points(_ d: Directed) -> [LonLat] {
        let line = polyline(d.edge)
        return d.forward ? line : line.reversed()
    }

    /// The outline of a connected set of cells: edges shared by two member cells cancel, the rest
    /// chain into rings. Where the region touches itself at a node (two cells meeting corner to
    /// corner), the empty corner on one side is enclosed by the region, since it is connected;
    /// turning right there hugs that empty corner, so the outline comes out as a shell and a hole
    /// touching at the node (valid), never as a ring passing the node twice (invalid).
    func outline(ofCells cells: [(Int, Int)]) -> MultiPolygon {
        var remaining = Set<Directed>()
        for (i, j) in cells {
            for d in Self.boundary(ofCell: i, j) {
                if remaining.remove(d.reversed) == nil { remaining.insert(d) }
            }
        }
        var outgoing: [Int: [Directed]] = [:]
        func key(_ n: (Int, Int)) -> Int { n.1 * (columns + 1) + n.0 }
        for d in remaining { outgoing[key(d.from), default: []].append(d) }
        func direction(_ d: Directed) -> Int {  // 0 east, 1 north, 2 west, 3 south
            d.edge.horizontal ? (d.forward ? 0 : 2) : (d.forward ? 1 : 3)
        }
        var rings: [Ring] = []
        var used = Set<Directed>()
        for start in remaining.sorted(by: { (key($0.from), direction($0)) < (key($1.from), direction($1)) })
        where !used.contains(start) {
            var ringPoints: [LonLat] = []
            var current = start
            while true {
                used.insert(current)
                ringPoints.append(contentsOf: points(current).dropLast())
                // Back at the start node, closing the ring competes with the other edges under the
                // same rule; otherwise a pinch at the start would join two rings into a figure eight.
                var options = (outgoing[key(current.to)] ?? []).filter { !used.contains($0) }
                if key(current.to) == key(start.from) { options.append(start) }
                let incoming = direction(current)
                // Prefer a right turn, then straight on, then left (turn 3, 0, 1 counter-clockwise).
                func preference(_ d: Directed) -> Int { [1, 2, 3, 0][(direction(d) - incoming + 4) % 4] }
                let next = options.min { (preference($0), direction($0)) < (preference($1), direction($1)) }
                guard let next, next != start else { break }
                current = next
            }
            ringPoints.append(ringPoints[0])
            rings.append(Ring(ringPoints))
        }
        // Counter-clockwise rings are exteriors, clockwise ones holes of the exterior around them.
        var polygons = rings.filter { $0.signedDoubleArea > 0 }.map { Polygon(exterior: $0) }
        for hole in rings where hole.signedDoubleArea < 0 {
            let probe = hole.points[0]
            if let k = polygons.firstIndex(where: { $0.exterior.bounds.contains(probe) && Self.contains($0.exterior, probe) }) {
                polygons[k].holes.append(hole)
            }
        }
        return MultiPolygon(polygons)
    }

    /// Plain crossing-number test, for the generator's own bookkeeping only.
    static func contains(_ ring: Ring, _ p: LonLat) -> Bool {
        var inside = false
        let pts = ring.points
        for k in 0..<(pts.count - 1) {
            let a = pts[k], b = pts[k + 1]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
                if x > p.lon { inside.toggle() }
            }
        }
        return inside
    }
}
