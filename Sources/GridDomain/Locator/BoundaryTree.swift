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
/// Built once, bottom-up (segments sorted along a Hilbert curve, 16 per leaf, 16 children per
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

    static let fanout = 16

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
        let kx = cos(p.lat * .pi / 180) * 111_320.0, ky = 110_574.0
        var best = Double.infinity  // squared metres
        var bestSegment = -1
        var bestT = 0.0
        // Depth-first, children nearest first, pruned by the best distance so far: a stack of
        // at most fanout entries per level, on the stack of this thread.
        let height = Self.height(nodes: nodes.count, leaves: leafCount)
        withUnsafeTemporaryAllocation(of: (Int32, Double).self, capacity: Self.fanout * (height + 1)) { stack in
            var top = 0
            stack[0] = (Int32(nodes.count - 1), 0)
            top = 1
            while top > 0 {
                top -= 1
                let (index, bound) = stack[top]
                guard bound < best else { continue }
                let node = nodes[Int(index)]
                let first = Int(node.first), end = first + Int(node.count)
                if Int(index) < leafCount {
                    for k in first..<end {
                        let s = segments[k]
                        let ax = (s.ax - p.lon) * kx, ay = (s.ay - p.lat) * ky
                        let dx = (s.bx - s.ax) * kx, dy = (s.by - s.ay) * ky
                        let length2 = dx * dx + dy * dy
                        let t = length2 > 0 ? min(max(-(ax * dx + ay * dy) / length2, 0), 1) : 0
                        let qx = ax + t * dx, qy = ay + t * dy
                        let d = qx * qx + qy * qy
                        if d < best || (d == best && k < bestSegment) {
                            best = d
                            bestSegment = k
                            bestT = t
                        }
                    }
                    continue
                }
                // Push children farthest first, so the nearest is popped next.
                let start = top
                for k in first..<end {
                    let child = nodes[k]
                    let dx = p.lon < child.minX ? (child.minX - p.lon) * kx : (p.lon > child.maxX ? (p.lon - child.maxX) * kx : 0)
                    let dy = p.lat < child.minY ? (child.minY - p.lat) * ky : (p.lat > child.maxY ? (p.lat - child.maxY) * ky : 0)
                    let d = dx * dx + dy * dy
                    guard d <= best else { continue }
                    // Insertion into the pushed run, kept in descending distance.
                    var j = top
                    while j > start && stack[j - 1].1 < d {
                        stack[j] = stack[j - 1]
                        j -= 1
                    }
                    stack[j] = (Int32(k), d)
                    top += 1
                }
            }
        }
        guard bestSegment >= 0 else { return nil }
        let s = segments[bestSegment]
        let point: LonLat
        if bestT <= 0 { point = LonLat(s.ax, s.ay) } else if bestT >= 1 { point = LonLat(s.bx, s.by) } else {
            point = LonLat(s.ax + bestT * (s.bx - s.ax), s.ay + bestT * (s.by - s.ay))
        }
        return (point, s.unit, bestT <= 0 || bestT >= 1)
    }

    /// Levels above the leaves, for the size of the search stack.
    static func height(nodes: Int, leaves: Int) -> Int {
        var levels = 1, width = leaves
        while width > 1 {
            width = (width + fanout - 1) / fanout
            levels += 1
        }
        return levels
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
