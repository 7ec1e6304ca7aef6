import CGEOS

/// The textbook GEOS point-in-polygon path: an STRtree of envelopes over prepared geometries,
/// one `GEOSPreparedContains` per candidate.
///
/// GridAtlas answers lookups with its own Locator; this index exists as the peer that the
/// benchmark and the tests compare against. It belongs to one context and so to one thread.
public final class GEOSPreparedIndex {
    private let context: GEOSContext
    private let geometries: [GEOSGeometry]
    private var prepared: [OpaquePointer] = []
    private let tree: OpaquePointer
    /// Item ids stored in the tree are 1-based so that a null pointer never stands for an item.
    private var ids: [Int] = []

    public init(context: GEOSContext, shapes: [MultiPolygon]) throws(GEOSError) {
        self.context = context
        var made: [GEOSGeometry] = []
        for shape in shapes { made.append(try context.geometry(shape)) }
        geometries = made
        guard let tree = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("STRtree_create") }
        self.tree = tree
        for (i, g) in made.enumerated() {
            guard let p = GEOSPrepare_r(context.handle, g.pointer) else { throw context.failure("prepare") }
            prepared.append(p)
            GEOSSTRtree_insert_r(context.handle, tree, g.pointer, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
    }

    deinit {
        for p in prepared { GEOSPreparedGeom_destroy_r(context.handle, p) }
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    /// The index of the shape whose interior contains `p`, or nil. Points on a boundary answer nil
    /// (GEOS `contains` excludes the boundary), which is why comparisons skip boundary points.
    public func locate(_ p: LonLat) -> Int? {
        guard let point = GEOSGeom_createPointFromXY_r(context.handle, p.lon, p.lat) else { return nil }
        defer { GEOSGeom_destroy_r(context.handle, point) }
        var candidates = Candidates()
        withUnsafeMutablePointer(to: &candidates) { box in
            GEOSSTRtree_query_r(context.handle, tree, point, { item, userdata in
                guard let item, let userdata else { return }
                userdata.assumingMemoryBound(to: Candidates.self).pointee.add(Int(bitPattern: item) - 1)
            }, box)
        }
        for i in candidates.items where GEOSPreparedContains_r(context.handle, prepared[i], point) == 1 {
            return i
        }
        return nil
    }

    private struct Candidates {
        var items: [Int] = []
        mutating func add(_ i: Int) { items.append(i) }
    }
}
