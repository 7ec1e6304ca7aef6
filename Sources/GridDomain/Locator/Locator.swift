import Dispatch
import GridGeometry
import Synchronization

/// Resolves positions to the chain of units of one generation, in pure Swift with no C state:
/// immutable once built, `Sendable`, safe to share across every request thread.
///
/// The grid tier answers first and its ancestors come from parent links, so a point on a border
/// between two communities gets a grid and a community that agree. Upper tiers answer only where
/// no grid covers the point (a coverage gap); micro-areas are consulted inside the grid found.
///
/// A point covered by a unit answers with one unit, boundary included (`ST_Covers`, as MapIt
/// does): the tier's index settles points on shared edges by its half-open rule, and a point on
/// an edge that rule leaves to no unit (the coverage's outer edge, the rim of a gap) goes to the
/// unit whose boundary holds it, the lowest code where several do.
public final class Locator: @unchecked Sendable {
    // @unchecked Sendable: `chains` is written once in `init` and only read afterwards.
    /// What the Locator keeps of each unit: enough to name the answer.
    public struct UnitRef: Sendable, Equatable {
        public let code: String
        public let name: String
        public let tier: Tier
        /// Id of the parent unit in this generation, or -1.
        public let parent: Int32

        public init(code: String, name: String, tier: Tier, parent: Int32) {
            self.code = code
            self.name = name
            self.tier = tier
            self.parent = parent
        }
    }

    public let units: [UnitRef]
    private let idByCode: [String: Int32]
    let indexes: [TierIndex?]
    /// Per unit: its own id and its ancestors' ids, ready to return. The lookup path reads only
    /// this and the tier indexes (copying a UnitRef would retain its strings).
    private let chains: UnsafeMutableBufferPointer<Location>
    /// Upper tiers tried in order when no grid covers the point: community, subdistrict, district.
    private let upper: [TierIndex]
    /// The top tier present: a point it does not cover is outside, with no other tier asked.
    private let top: TierIndex?
    /// Per unit: its place in code order, so that ties are settled without comparing strings.
    private let codeRank: [Int32]
    // Non-optional so that the lookup path binds no optional (and retains nothing): a tier
    // without units gets an empty index, which answers -1 everywhere.
    private let microIndex: TierIndex
    private let gridIndex: TierIndex
    private let hasMicroAreas: Bool

    /// Builds the index of every tier from the units' shapes (ids are positions in `source`).
    public convenience init(units source: [AreaUnit], cellsPerEdge: Double = 1.0) {
        var idByCode: [String: Int32] = [:]
        for (i, unit) in source.enumerated() { idByCode[unit.code] = Int32(i) }
        let refs = source.map { unit in
            UnitRef(code: unit.code, name: unit.name, tier: unit.tier, parent: unit.parentCode.flatMap { idByCode[$0] } ?? -1)
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
        self.init(units: refs, indexes: built.withLock { $0 })
    }

    /// A Locator over indexes made already (read from an index file); `indexes` by `Tier.depth`.
    public init(units: [UnitRef], indexes: [TierIndex?]) {
        precondition(indexes.count == Tier.allCases.count, "one index slot per tier")
        self.units = units
        var idByCode: [String: Int32] = [:]
        idByCode.reserveCapacity(units.count)
        for (i, unit) in units.enumerated() { idByCode[unit.code] = Int32(i) }
        self.idByCode = idByCode
        chains = .allocate(capacity: max(units.count, 1))
        for id in 0..<units.count {
            var location = Location()
            var current = Int32(id)
            var steps = 0
            while current >= 0 && Int(current) < units.count && steps < Tier.allCases.count {
                location[units[Int(current)].tier] = current
                current = units[Int(current)].parent
                steps += 1
            }
            (chains.baseAddress! + id).initialize(to: location)
        }
        self.indexes = indexes
        upper = [Tier.community, .subdistrict, .district].compactMap { indexes[$0.depth] }
        top = upper.last
        // Units come from the store in code order, where rank is id; any other order is sorted once.
        var rank = [Int32](repeating: 0, count: units.count)
        let inOrder = zip(units, units.dropFirst()).allSatisfy { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        let order = inOrder ? Array(units.indices) : units.indices.sorted { units[$0].code.utf8.lexicographicallyPrecedes(units[$1].code.utf8) }
        for (place, id) in order.enumerated() { rank[id] = Int32(place) }
        codeRank = rank
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

    /// The units covering `p` (WGS84 lon/lat), one per tier.
    @inline(__always)
    public func locate(_ p: LonLat) -> Location {
        let id = gridIndex.locate(p.lon, p.lat)
        if id >= 0 { return withMicroArea(chains[Int(id)], grid: id, p) }
        return locateOffTheHalfOpenRule(p)
    }

    /// The rare path: no grid's half-open rule took the point. It may still lie on a grid's edge
    /// (the coverage's outer edge, the rim of a gap), else in a gap of the grid tier, else outside.
    @inline(never)
    private func locateOffTheHalfOpenRule(_ p: LonLat) -> Location {
        if let grid = lowestCode(gridIndex.unitsOnBoundary(at: p)) {
            return withMicroArea(chains[Int(grid)], grid: grid, p)
        }
        // Most such points are outside the district: its small index says so before any tier
        // between is walked (children lie inside their parents, as the import checks).
        if let top, top.locate(p.lon, p.lat) < 0 && top.unitsOnBoundary(at: p).isEmpty { return Location() }
        for index in upper {
            let id = index.locate(p.lon, p.lat)
            if id >= 0 { return chains[Int(id)] }
            if let covering = lowestCode(index.unitsOnBoundary(at: p)) { return chains[Int(covering)] }
        }
        return Location()
    }

    /// `location` (a grid's chain) with the micro-area of that grid covering `p`, if any.
    @inline(__always)
    private func withMicroArea(_ location: Location, grid: Int32, _ p: LonLat) -> Location {
        guard hasMicroAreas else { return location }
        var location = location
        let micro = microIndex.locate(p.lon, p.lat)
        if micro >= 0 && chains[Int(micro)].grid == grid {
            location.microArea = micro
        } else if let onEdge = microAreaOnBoundary(of: grid, p) {
            location.microArea = onEdge
        }
        return location
    }

    /// On a grid's edge the micro-area tier's own rule may give the point to the neighbouring
    /// grid's micro-area: then it belongs to this grid's micro-area whose boundary holds it.
    @inline(never)
    private func microAreaOnBoundary(of grid: Int32, _ p: LonLat) -> Int32? {
        lowestCode(microIndex.unitsOnBoundary(at: p).filter { chains[Int($0)].grid == grid })
    }

    /// Resolves many positions at once, with the same answers as one by one, in input order.
    ///
    /// A city's index is far larger than the caches, and a position in a cell with edges costs
    /// three dependent reads (cell word, busy-cell entry, edge list), each a likely miss. Here they
    /// are asked for ahead of time, a few positions before each is located: the cell word 12
    /// positions ahead, the busy-cell entry 8 ahead, the first edges 4 ahead. The reads of
    /// several positions then overlap instead of waiting one after another, and every position
    /// is read and answered in order, with no copy and no scatter.
    public func locate(_ points: UnsafeBufferPointer<LonLat>, into out: UnsafeMutableBufferPointer<Location>) {
        precondition(out.count >= points.count, "the output buffer is shorter than the input")
        let n = points.count
        for i in 0..<n {
            if i + 12 < n {
                gridIndex.prefetchCell(of: points[i + 12])
                if hasMicroAreas { microIndex.prefetchCell(of: points[i + 12]) }
            }
            if i + 8 < n {
                gridIndex.prefetchBusyEntry(of: points[i + 8])
                if hasMicroAreas { microIndex.prefetchBusyEntry(of: points[i + 8]) }
            }
            if i + 4 < n {
                gridIndex.prefetchEdges(of: points[i + 4])
                if hasMicroAreas { microIndex.prefetchEdges(of: points[i + 4]) }
            }
            out[i] = locate(points[i])
        }
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
        ids.min { codeRank[Int($0)] < codeRank[Int($1)] }
    }

    /// The nearest unit of `tier` to `p`, a point no unit of that tier covers: the closest point
    /// of the tier's outer boundary (``BoundaryTree``), the unit bounded there (the lowest code
    /// where several meet), and the geodesic distance to it.
    public func nearest(to p: LonLat, tier: Tier = .grid) -> (unit: Int32, point: LonLat, metres: Double)? {
        guard let index = indexes[tier.depth], let hit = index.boundary.nearest(to: p) else { return nil }
        var unit = hit.unit
        // At a vertex every unit meeting there is as near: ask the index which ones (exactly).
        if hit.atVertex {
            for other in index.unitsOnBoundary(at: hit.point) where codeRank[Int(other)] < codeRank[Int(unit)] { unit = other }
        }
        return (unit, hit.point, Geodesic.wgs84.distance(p, hit.point))
    }
}
