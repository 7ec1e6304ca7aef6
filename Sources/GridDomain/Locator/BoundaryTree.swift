import Foundation
import GridGeometry

/// The outer boundary of a tier's coverage (edges that bound one unit only) in a static packed
/// R-tree, for the one question it answers fast: the nearest boundary to a position no unit
/// covers.
///
/// Only the coverage's outer boundary can be nearest to a position outside it: a shared edge lies
/// inside the coverage, so anything beyond it is at least as far. Those edges are a few percent
/// of all edges, and a tree over them answers a position 1 m or 5,000 km away after a few dozen
/// box tests, where walking rings of cells outward cost a point far away hundreds of
/// microseconds.
///
/// Built once, bottom-up (segments sorted along a Hilbert curve, 8 per leaf, 8 children per
/// node), and kept as flat arrays so that it can live in a mapped index file. Distances are
/// compared in the local equirectangular frame around the position, as the Locator always has
/// (exact enough to pick the nearest edge at city scale); the caller measures the final distance
/// geodesically.
public struct BoundaryTree: @unchecked Sendable {
    // @unchecked Sendable: the buffers are written once when built (or mapped read-only) and
    // only read afterwards; `owner` keeps their memory alive.

    /// A boundary segment and the unit it bounds.
    struct Segment {
        var ax: Double, ay: Double, bx: Double, by: Double
        var unit: Int32
        var spare: Int32 = 0
    }

    /// A node's box; `first` indexes its first child (a node one level down, or a segment at the
    /// leaves), `count` how many follow it.
    struct Node {
        var minX: Double, minY: Double, maxX: Double, maxY: Double
        var first: Int32, count: Int32
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
            return Segment(ax: e.ax, ay: e.ay, bx: e.bx, by: e.by, unit: e.left)
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
            var node = Node(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity,
                            first: Int32(start), count: Int32(end - start))
            for s in list[start..<end] {
                node.minX = min(node.minX, s.ax, s.bx); node.maxX = max(node.maxX, s.ax, s.bx)
                node.minY = min(node.minY, s.ay, s.by); node.maxY = max(node.maxY, s.ay, s.by)
            }
            return node
        }
        let leafCount = level.count
        while level.count > 1 {
            let base = levels.count
            levels += level
            level = stride(from: 0, to: level.count, by: Self.fanout).map { start in
                let end = min(start + Self.fanout, level.count)
                var node = Node(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity,
                                first: Int32(base + start), count: Int32(end - start))
                for child in level[start..<end] {
                    node.minX = min(node.minX, child.minX); node.maxX = max(node.maxX, child.maxX)
                    node.minY = min(node.minY, child.minY); node.maxY = max(node.maxY, child.maxY)
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

    /// The closest point of the outer boundary to `p` and the unit bounded there, or nil when
    /// there is no boundary at all. `atVertex` tells that the point is an end of its segment,
    /// where other units may meet as near (the caller asks the tier's index which).
    public func nearest(to p: LonLat) -> (point: LonLat, unit: Int32, atVertex: Bool)? {
        guard !nodes.isEmpty, p.lon.isFinite, p.lat.isFinite else { return nil }
        var search = Search(p: p)
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
        let bestSegment = search.segment, bestT = search.t

        guard bestSegment >= 0 else { return nil }
        let s = segments[bestSegment]
        let point: LonLat
        if bestT <= 0 { point = LonLat(s.ax, s.ay) } else if bestT >= 1 { point = LonLat(s.bx, s.by) } else {
            point = LonLat(s.ax + bestT * (s.bx - s.ax), s.ay + bestT * (s.by - s.ay))
        }
        return (point, s.unit, bestT <= 0 || bestT >= 1)
    }

    /// A nearest-boundary search in progress: the position, its local metric, the best so far.
    struct Search {
        typealias Entry = (index: Int32, bound: Double)
        static let heapCapacity = 60

        let p: LonLat
        let kx: Double, ky: Double
        /// Squared metres to the best segment so far.
        var best = Double.infinity
        var segment = -1
        var t = 0.0

        init(p: LonLat) {
            self.p = p
            kx = cos(p.lat * .pi / 180) * 111_320.0
            ky = 110_574.0
        }

        /// Squared metres from `p` to a box (0 inside it).
        @inline(__always)
        func distance(to node: Node) -> Double {
            let dx = max(max(node.minX - p.lon, p.lon - node.maxX), 0) * kx
            let dy = max(max(node.minY - p.lat, p.lat - node.maxY), 0) * ky
            return dx * dx + dy * dy
        }

        /// Keeps segment `k` if it is nearer than the best so far (ties: the lower index).
        @inline(__always)
        mutating func consider(_ s: Segment, _ k: Int) {
            let ax = (s.ax - p.lon) * kx, ay = (s.ay - p.lat) * ky
            let dx = (s.bx - s.ax) * kx, dy = (s.by - s.ay) * ky
            let length2 = dx * dx + dy * dy
            let along = length2 > 0 ? min(max(-(ax * dx + ay * dy) / length2, 0), 1) : 0
            let qx = ax + along * dx, qy = ay + along * dy
            let d = qx * qx + qy * qy
            if d < best || (d == best && k < segment) {
                best = d
                segment = k
                t = along
            }
        }

        @inline(__always)
        func push(_ index: Int32, _ bound: Double, _ heap: UnsafeMutableBufferPointer<Entry>, _ count: inout Int) {
            var i = count
            count += 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard heap[parent].bound > bound else { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = (index, bound)
        }

        @inline(__always)
        func popNearest(_ heap: UnsafeMutableBufferPointer<Entry>, _ count: inout Int) -> Entry {
            let first = heap[0]
            count -= 1
            let last = heap[count]
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < count else { break }
                if child + 1 < count && heap[child + 1].bound < heap[child].bound { child += 1 }
                guard heap[child].bound < last.bound else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = last
            return first
        }
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
