extension BoundaryTree {
    /// A nearest-boundary search in progress: the position in ECEF metres and the best so far.
    struct Search {
        typealias Entry = (index: Int32, bound: Double)
        static let heapCapacity = 60

        let x: Double, y: Double, z: Double
        /// Squared chord, in m², to the best segment so far.
        var best = Double.infinity
        var segment = -1
        /// Where on that segment, from its first end (0) to its second (1).
        var t = 0.0

        init(_ p: (x: Double, y: Double, z: Double)) {
            (x, y, z) = p
        }

        /// Squared metres from `p` to a box (0 inside it).
        @inline(__always)
        func distance(to node: Node) -> Double {
            let dx = max(max(node.lowX - x, x - node.highX), 0)
            let dy = max(max(node.lowY - y, y - node.highY), 0)
            let dz = max(max(node.lowZ - z, z - node.highZ), 0)
            return dx * dx + dy * dy + dz * dz
        }

        /// Keeps segment `k` if it is nearer than the best so far (ties: the lower index, so the
        /// answer does not depend on the order the search met them).
        @inline(__always)
        mutating func consider(_ s: Segment, _ k: Int) {
            let ux = s.x1 - s.x0, uy = s.y1 - s.y0, uz = s.z1 - s.z0
            let vx = x - s.x0, vy = y - s.y0, vz = z - s.z0
            let length2 = ux * ux + uy * uy + uz * uz
            let along = length2 > 0 ? min(max((vx * ux + vy * uy + vz * uz) / length2, 0), 1) : 0
            let gx = vx - along * ux, gy = vy - along * uy, gz = vz - along * uz
            let d = gx * gx + gy * gy + gz * gz
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
}
