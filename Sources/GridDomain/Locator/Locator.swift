import Dispatch
import GridGeometry
import Synchronization

/// Resolves positions to the chain of units of one generation, in pure Swift with no C state:
/// immutable once built, `Sendable`, safe to share across every request thread.
///
/// The grid tier answers first and its ancestors come from parent links, so a point on a border
/// between two communities gets a grid and a community that agree. Upper tiers answer only where
/// no grid covers the point (a coverage gap); micro-areas are consulted inside the grid found.
public final class Locator: @unchecked Sendable {
    // @unchecked Sendable: `chains` is written once in `init` and only read afterwards.
    /// What the Locator keeps of each unit: enough to name the answer.
    public struct UnitRef: Sendable, Equatable {
        public let code: String
        public let name: String
        public let tier: Tier
        /// Id of the parent unit in this generation, or -1.
        public let parent: Int32
    }

    public let units: [UnitRef]
    /// Each unit's boundary, for questions beyond "which unit" (accuracy circles, geometry output).
    public let geometries: [MultiPolygon]
    private let idByCode: [String: Int32]
    private let indexes: [TierIndex?]
    /// Per unit: its own id and its ancestors' ids, ready to return. The lookup path reads only
    /// this and the tier indexes (copying a UnitRef would retain its strings).
    private let chains: UnsafeMutableBufferPointer<Location>
    /// Indexes tried in order until one contains the point: grid, community, subdistrict, district.
    private let coverage: [TierIndex]
    // Non-optional so that the lookup path binds no optional (and retains nothing): a tier
    // without units gets an empty index, which answers -1 everywhere.
    private let microIndex: TierIndex
    private let gridIndex: TierIndex
    private let hasMicroAreas: Bool

    public init(units source: [AreaUnit], cellsPerEdge: Double = 1.0) {
        var idByCode: [String: Int32] = [:]
        for (i, unit) in source.enumerated() { idByCode[unit.code] = Int32(i) }
        self.idByCode = idByCode
        units = source.map { unit in
            UnitRef(code: unit.code, name: unit.name, tier: unit.tier,
                    parent: unit.parentCode.flatMap { idByCode[$0] } ?? -1)
        }
        geometries = source.map(\.geometry)
        chains = .allocate(capacity: max(source.count, 1))
        for id in 0..<source.count {
            var location = Location()
            var current = Int32(id)
            while current >= 0 {
                location[units[Int(current)].tier] = current
                current = units[Int(current)].parent
            }
            (chains.baseAddress! + id).initialize(to: location)
        }
        // One index per tier, built side by side on every core (the grid tier is about half the work).
        let byTier = Tier.allCases.map { tier in
            source.enumerated().filter { $0.element.tier == tier }.map { (id: Int32($0.offset), shape: $0.element.geometry) }
        }
        let built = Mutex([TierIndex?](repeating: nil, count: byTier.count))
        DispatchQueue.concurrentPerform(iterations: byTier.count) { t in
            guard !byTier[t].isEmpty else { return }
            let index = TierIndex(shapes: byTier[t], unitLimit: source.count, cellsPerEdge: cellsPerEdge)
            built.withLock { $0[t] = index }
        }
        let indexes = built.withLock { $0 }
        self.indexes = indexes
        coverage = [Tier.grid, .community, .subdistrict, .district].compactMap { indexes[$0.depth] }
        let empty = TierIndex(shapes: [], unitLimit: 0)
        microIndex = indexes[Tier.microArea.depth] ?? empty
        gridIndex = indexes[Tier.grid.depth] ?? empty
        hasMicroAreas = indexes[Tier.microArea.depth] != nil
    }

    deinit {
        chains.deallocate()
    }

    public func index(of tier: Tier) -> TierIndex? { indexes[tier.depth] }

    public func id(of code: String) -> Int32? { idByCode[code] }

    /// The boundaries of the given units, in id order.
    public func shapes(of ids: Set<Int32>) -> [(id: Int32, shape: MultiPolygon)] {
        ids.sorted().filter { $0 >= 0 && Int($0) < geometries.count }.map { ($0, geometries[Int($0)]) }
    }

    /// The units containing `p` (WGS84 lon/lat), one per tier.
    @inline(__always)
    public func locate(_ p: LonLat) -> Location {
        let id = gridIndex.locate(p.lon, p.lat)
        if id >= 0 {
            var location = chains[Int(id)]
            if hasMicroAreas {
                let micro = microIndex.locate(p.lon, p.lat)
                if micro >= 0 && chains[Int(micro)].grid == id { location.microArea = micro }
            }
            return location
        }
        for index in coverage where index !== gridIndex {
            let id = index.locate(p.lon, p.lat)
            if id >= 0 {
                // Each tier's index settles boundary points its own way; a point lying exactly on a
                // grid's boundary is that grid's, never a gap in the grid tier.
                if let edge = gridIndex.nearestBoundary(to: p), edge.point == p, let grid = lowestCode(edge.units) {
                    return chains[Int(grid)]
                }
                return chains[Int(id)]
            }
        }
        return Location()
    }

    /// Resolves many positions at once, with the same answers as one by one but in an order that
    /// keeps the index in cache: positions are bucketed by tiles of 8×8 grid-tier cells (a
    /// counting sort, linear time) and visited tile by tile. Random positions over a city-sized
    /// index otherwise miss the cache on almost every lookup.
    public func locate(_ points: UnsafeBufferPointer<LonLat>, into out: UnsafeMutableBufferPointer<Location>) {
        precondition(out.count >= points.count, "the output buffer is shorter than the input")
        let n = points.count
        guard n > 64 else {
            for i in 0..<n { out[i] = locate(points[i]) }
            return
        }
        let order = gridIndex.tileOrder(points)
        for k in order { out[Int(k)] = locate(points[Int(k)]) }
    }

    public func locate(_ points: [LonLat]) -> [Location] {
        [Location](unsafeUninitializedCapacity: points.count) { buffer, initialized in
            for i in 0..<points.count { (buffer.baseAddress! + i).initialize(to: Location()) }
            points.withUnsafeBufferPointer { locate($0, into: buffer) }
            initialized = points.count
        }
    }

    /// Among units tied for an answer, the one with the lowest code: the same whatever order the
    /// units were loaded in.
    private func lowestCode(_ ids: [Int32]) -> Int32? {
        ids.min { units[Int($0)].code < units[Int($1)].code }
    }

    /// The nearest boundary of a unit of `tier` to `p` and the unit on the inner side, for points
    /// that no unit of that tier contains.
    public func nearest(to p: LonLat, tier: Tier = .grid) -> (unit: Int32, point: LonLat, metres: Double)? {
        guard let index = indexes[tier.depth], let hit = index.nearestBoundary(to: p), let unit = lowestCode(hit.units) else {
            return nil
        }
        return (unit, hit.point, Geodesic.wgs84.distance(p, hit.point))
    }
}
