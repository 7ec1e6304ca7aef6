import Foundation
import GridGeometry

/// The outer boundary of a tier's coverage (edges that bound one unit only) in a static packed
/// R-tree, for the one question it answers fast: the nearest boundary to a position no unit
/// covers.
///
/// Only the coverage's outer boundary can be nearest to a position outside it: a shared edge lies
/// inside the coverage, so anything beyond it is at least as far. Those edges are a few percent
/// of all edges, and a tree over them answers a position 1 m or 5,000 km away after a few dozen
/// box and segment tests, where walking rings of cells outward cost a point far away hundreds of
/// microseconds.
///
/// Distances are compared as straight chords between Earth-centred, Earth-fixed (ECEF) positions
/// on the WGS84 ellipsoid, segments and boxes included. The chord grows with the geodesic
/// distance in every direction, at the poles and across the antimeridian alike, so the segment
/// nearest by chord is the one nearest on the ground: a local lon/lat frame around the position
/// stretches with distance and picked boundary points hundreds of metres to kilometres too far
/// for positions hundreds of kilometres away. The caller measures the final distance
/// geodesically.
///
/// Built once, bottom-up (segments sorted along a Hilbert curve, 8 per leaf, 8 children per
/// node), and kept as flat arrays so that it can live in a mapped index file.
public struct BoundaryTree: @unchecked Sendable {
    // @unchecked Sendable: the buffers are written once when built (or mapped read-only) and
    // only read afterwards; `owner` keeps their memory alive.

    /// A boundary segment (lon/lat ends `a`, `b` and the same in ECEF metres) and the unit it bounds.
    struct Segment {
        var ax: Double, ay: Double, bx: Double, by: Double
        /// ECEF ends: a = (x0, y0, z0), b = (x1, y1, z1).
        var x0: Double, y0: Double, z0: Double, x1: Double, y1: Double, z1: Double
        var unit: Int32
        var spare: Int32 = 0
    }

    /// A node's box in ECEF metres; `first` indexes its first child (a node one level down, or a
    /// segment at the leaves), `count` how many follow it.
    struct Node {
        var lowX: Double, lowY: Double, lowZ: Double, highX: Double, highY: Double, highZ: Double
        var first: Int32, count: Int32

        static func empty(first: Int, count: Int) -> Node {
            Node(lowX: .infinity, lowY: .infinity, lowZ: .infinity, highX: -.infinity, highY: -.infinity, highZ: -.infinity,
                 first: Int32(first), count: Int32(count))
        }

        mutating func extend(_ x: Double, _ y: Double, _ z: Double) {
            lowX = min(lowX, x); lowY = min(lowY, y); lowZ = min(lowZ, z)
            highX = max(highX, x); highY = max(highY, y); highZ = max(highZ, z)
        }
    }

    static let fanout = 8

    /// Segments in tree order.
    let segments: UnsafeBufferPointer<Segment>
    /// Nodes level by level, leaves first, the root last.
    let nodes: UnsafeBufferPointer<Node>
    /// Nodes below this index are leaves (their children are segments).
    let leafCount: Int
    let owner: AnyObject?

    public var segmentCount: Int { segments.count }
    var memoryBytes: Int { segments.count * MemoryLayout<Segment>.stride + nodes.count * MemoryLayout<Node>.stride }

    init(segments: UnsafeBufferPointer<Segment>, nodes: UnsafeBufferPointer<Node>, leafCount: Int, owner: AnyObject?) {
        self.segments = segments
        self.nodes = nodes
        self.leafCount = leafCount
        self.owner = owner
    }

    /// Builds the tree over `edges` that bound a single unit.
    init(outerEdges edges: [TierIndex.Edge]) {
        var list = edges.compactMap { e -> Segment? in
            guard e.right < 0, e.left >= 0 else { return nil }
            let a = Self.ecef(LonLat(e.ax, e.ay)), b = Self.ecef(LonLat(e.bx, e.by))
            return Segment(ax: e.ax, ay: e.ay, bx: e.bx, by: e.by, x0: a.x, y0: a.y, z0: a.z, x1: b.x, y1: b.y, z1: b.z, unit: e.left)
        }
        // Hilbert order of the segments' midpoints: neighbours on the ground end up in one leaf.
        var box = BoundingBox.empty
        for s in list {
            box.extend(LonLat(s.ax, s.ay))
            box.extend(LonLat(s.bx, s.by))
        }
        if !list.isEmpty {
            let spanX = max(box.maxLon - box.minLon, 1e-12), spanY = max(box.maxLat - box.minLat, 1e-12)
            let keyed = list.map { s -> (UInt64, Segment) in
                let x = UInt32(min(max(((s.ax + s.bx) / 2 - box.minLon) / spanX, 0), 1) * 65_535)
                let y = UInt32(min(max(((s.ay + s.by) / 2 - box.minLat) / spanY, 0), 1) * 65_535)
                return (Self.hilbert(x, y), s)
            }
            list = keyed.sorted { ($0.0, $0.1.ax, $0.1.ay) < ($1.0, $1.1.ax, $1.1.ay) }.map(\.1)
        }
        var levels: [Node] = []
        var level: [Node] = stride(from: 0, to: list.count, by: Self.fanout).map { start in
            let end = min(start + Self.fanout, list.count)
            var node = Node.empty(first: start, count: end - start)
            for s in list[start..<end] {
                node.extend(s.x0, s.y0, s.z0)
                node.extend(s.x1, s.y1, s.z1)
            }
            return node
        }
        let leafCount = level.count
        while level.count > 1 {
            let base = levels.count
            levels += level
            level = stride(from: 0, to: level.count, by: Self.fanout).map { start in
                let end = min(start + Self.fanout, level.count)
                var node = Node.empty(first: base + start, count: end - start)
                for child in level[start..<end] {
                    node.extend(child.lowX, child.lowY, child.lowZ)
                    node.extend(child.highX, child.highY, child.highZ)
                }
                return node
            }
        }
        levels += level
        let memory = IndexMemory()
        let segments = memory.allocate(Segment.self, count: list.count)
        _ = segments.initialize(from: list)
        let nodes = memory.allocate(Node.self, count: levels.count)
        _ = nodes.initialize(from: levels)
        self.init(segments: UnsafeBufferPointer(segments), nodes: UnsafeBufferPointer(nodes), leafCount: leafCount, owner: memory)
    }

    /// A position on the WGS84 ellipsoid (height 0) in Earth-centred, Earth-fixed metres.
    @inline(__always)
    static func ecef(_ p: LonLat) -> (x: Double, y: Double, z: Double) {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let phi = p.lat * .pi / 180, lambda = p.lon * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = a / (1 - e2 * sinPhi * sinPhi).squareRoot()
        return (n * cosPhi * cos(lambda), n * cosPhi * sin(lambda), n * (1 - e2) * sinPhi)
    }

    /// The closest point of the outer boundary to `p` and the unit bounded there, or nil when
    /// there is no boundary at all (or `p` is not a finite position). `atVertex` tells that the
    /// point is an end of its segment, where other units may meet as near (the caller asks the
    /// tier's index which).
    public func nearest(to p: LonLat) -> (point: LonLat, unit: Int32, atVertex: Bool)? {
        guard !nodes.isEmpty, p.lon.isFinite, p.lat.isFinite else { return nil }
        var search = Search(Self.ecef(p))
        // Best first: nodes wait in a small heap by the distance to their box, nearest out first;
        // the search ends when the nearest box left is no nearer than the best segment found. The
        // heap (under 1 KB) lives on this thread's stack; should it ever fill, the node is
        // searched depth-first on the spot instead, with the same answer.
        withUnsafeTemporaryAllocation(of: Search.Entry.self, capacity: Search.heapCapacity) { heap in
            var count = 0
            search.push(Int32(nodes.count - 1), 0, heap, &count)
            while count > 0 {
                let next = search.popNearest(heap, &count)
                guard next.bound < search.best else { break }
                visit(Int(next.index), &search) { child, bound, search in
                    if count < Search.heapCapacity {
                        search.push(child, bound, heap, &count)
                    } else {
                        descend(Int(child), &search)
                    }
                }
            }
        }
        guard search.segment >= 0 else { return nil }
        let s = segments[search.segment], t = search.t
        let point: LonLat
        if t <= 0 { point = LonLat(s.ax, s.ay) } else if t >= 1 { point = LonLat(s.bx, s.by) } else {
            point = LonLat(s.ax + t * (s.bx - s.ax), s.ay + t * (s.by - s.ay))
        }
        return (point, s.unit, t <= 0 || t >= 1)
    }

    /// A node: a leaf's segments are measured; an inner node's children nearer than the best so
    /// far are handed to `enqueue`.
    @inline(__always)
    private func visit(_ index: Int, _ search: inout Search, enqueue: (Int32, Double, inout Search) -> Void) {
        let node = nodes[index]
        let first = Int(node.first), end = first + Int(node.count)
        if index < leafCount {
            for k in first..<end { search.consider(segments[k], k) }
            return
        }
        for k in first..<end {
            let bound = search.distance(to: nodes[k])
            if bound < search.best { enqueue(Int32(k), bound, &search) }
        }
    }

    /// Depth-first below `index`: the heap's overflow path.
    private func descend(_ index: Int, _ search: inout Search) {
        visit(index, &search) { child, bound, search in
            if bound < search.best { descend(Int(child), &search) }
        }
    }

    /// Position of (x, y) along a Hilbert curve over a 65,536 × 65,536 grid.
    static func hilbert(_ x: UInt32, _ y: UInt32) -> UInt64 {
        var x = x, y = y, d: UInt64 = 0
        var s: UInt32 = 1 << 15
        while s > 0 {
            let rx: UInt32 = (x & s) > 0 ? 1 : 0
            let ry: UInt32 = (y & s) > 0 ? 1 : 0
            d += UInt64(s) * UInt64(s) * UInt64((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = s &- 1 &- x
                    y = s &- 1 &- y
                }
                swap(&x, &y)
            }
            s >>= 1
        }
        return d
    }
}
