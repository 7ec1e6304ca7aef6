import Dispatch
import Foundation
import GridDomain
import GridGeometry
import Synchronization

/// Resolves every point of a ``PointBatch`` in input order on every core: the units of each
/// tier, the context (generation, roster period) that answers it, and for points outside every
/// grid the nearest one.
///
/// The batch is cut into slices, one `concurrentPerform` iteration each, with coordinate
/// converters of their own (PROJ handles are not shared between threads). A slice whose points
/// all share one context, as in a batch where no point carries its own `at`, goes through
/// ``Locator/locate(_:into:)`` in one call, which reads each point's cells ahead of its turn.
public struct PointBatchResolver: Sendable {
    public let atlas: Atlas

    public init(atlas: Atlas) {
        self.atlas = atlas
    }

    public func resolve(_ batch: PointBatch, options: BatchOptions) throws(BatchResolveError) -> ResolvedBatch {
        do { _ = try CoordinateConverter(from: options.crs) } catch { throw .unknownCRS("\(error)") }
        // A CRS a point names that PROJ does not know is that point's problem, found once here.
        let crsProblems = batch.crsTable.map { crs -> String? in
            do { _ = try CoordinateConverter(from: crs); return nil } catch { return "crs: \(error)" }
        }
        let contexts = try AnswerContexts(atlas: atlas, batch: batch, options: options)
        let n = batch.count
        // Positions already in WGS84 are located as they are, from the batch's own buffer.
        let identity = batch.crsIndex.isEmpty && Self.isWGS84(options.crs)
        var converted = identity ? [] : [LonLat](repeating: LonLat(0, 0), count: n)
        var locations = [Location](repeating: Location(), count: n)
        var owners = [Int32](repeating: -1, count: n)
        // Few large slices: the Locator's batch path gains from many points per slice (two per
        // core still balance the load when a neighbour takes a core for a while).
        let size = n <= 4096 ? max(n, 1) : max(4096, (n + Self.cores * 2 - 1) / (Self.cores * 2))
        let slices = stride(from: 0, to: n, by: size).map { $0..<min(n, $0 + size) }
        let results = Mutex([SliceResult?](repeating: nil, count: slices.count))

        batch.positions.withUnsafeBufferPointer { positions in
            converted.withUnsafeMutableBufferPointer { converted in
                locations.withUnsafeMutableBufferPointer { locations in
                    owners.withUnsafeMutableBufferPointer { owners in
                        let wgs = identity ? SharedBuffer(UnsafeMutableBufferPointer(mutating: positions)) : SharedBuffer(converted)
                        let shared = (wgs: wgs, locations: SharedBuffer(locations), owners: SharedBuffer(owners))
                        DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                            var slice = SliceResolver(batch: batch, contexts: contexts, defaultCRS: options.crs,
                                                      crsProblems: crsProblems, converts: !identity)
                            let result = slice.run(slices[k], wgs: shared.wgs, locations: shared.locations, owners: shared.owners)
                            results.withLock { $0[k] = result }
                        }
                    }
                }
            }
        }

        var problems = batch.problems
        var nearest: [ResolvedBatch.NearestHit] = []
        var used = Set<Int32>()
        for result in results.withLock({ $0 }) {
            guard let result else { continue }
            for (index, message) in result.problems { problems[index] = message }
            nearest += result.nearest
            used.formUnion(result.used)
        }
        let names = Set(used.map { contexts.contexts[Int($0)].generation.name })
        let name = names.count == 1 ? names.first : names.isEmpty ? contexts.defaultContext.map { contexts.contexts[Int($0)].generation.name } : nil
        return ResolvedBatch(batch: batch, options: options, contexts: contexts, locations: locations, owners: owners,
                             wgs: identity ? batch.positions : converted, nearest: nearest, problems: problems, generationName: name)
    }

    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// CRSs whose positions are WGS84 lon/lat as they are (CGCS2000 equals WGS84 for grid work).
    static func isWGS84(_ crs: CRS) -> Bool {
        switch crs {
        case .wgs84, .cgcs2000: true
        case .epsg(let code): code == 4326 || code == 4490
        case .gcj02, .bd09: false
        }
    }
}

/// What one slice found besides what it wrote into the shared columns.
struct SliceResult: Sendable {
    var problems: [(Int, String)] = []
    var nearest: [ResolvedBatch.NearestHit] = []
    /// The contexts that answered at least one point.
    var used: Set<Int32> = []
}

/// Resolves one slice of a batch on one thread.
struct SliceResolver {
    let batch: PointBatch
    let contexts: AnswerContexts
    let defaultCRS: CRS
    let crsProblems: [String?]
    /// False when positions are WGS84 already and `wgs` is the batch's own buffer.
    let converts: Bool
    /// Made on first use: slot 0 for the default CRS, k + 1 for `batch.crsTable[k]`.
    private var converters: [CoordinateConverter?] = []
    private var result = SliceResult()

    init(batch: PointBatch, contexts: AnswerContexts, defaultCRS: CRS, crsProblems: [String?], converts: Bool) {
        self.batch = batch
        self.contexts = contexts
        self.defaultCRS = defaultCRS
        self.crsProblems = crsProblems
        self.converts = converts
        converters = [CoordinateConverter?](repeating: nil, count: batch.crsTable.count + 1)
    }

    mutating func run(_ range: Range<Int>, wgs: SharedBuffer<LonLat>, locations: SharedBuffer<Location>,
                      owners: SharedBuffer<Int32>) -> SliceResult {
        var single: Int32 = -1
        var mixed = false
        for i in range {
            let p = batch.positions[i]
            guard !p.lon.isNaN else { continue }  // a problem found when reading; its owner stays -1
            var owner = contexts.defaultContext ?? -1
            if !batch.momentIndex.isEmpty, batch.momentIndex[i] >= 0 { owner = contexts.byMoment[Int(batch.momentIndex[i])] }
            if owner < 0 {
                let k = Int(-1 - owner)
                result.problems.append((i, k < contexts.problems.count ? contexts.problems[k] : "at: no generation answers this moment"))
                continue
            }
            let slot = batch.crsIndex.isEmpty ? -1 : Int(batch.crsIndex[i])
            if slot >= 0, let problem = crsProblems[slot] {
                result.problems.append((i, problem))
                continue
            }
            let crs = slot < 0 ? defaultCRS : batch.crsTable[slot]
            if crs.isGeographicDegrees {
                if !(p.lon >= -180 && p.lon <= 180) {
                    result.problems.append((i, "lon: \(Self.short(p.lon)) is outside -180..180"))
                    continue
                }
                if !(p.lat >= -90 && p.lat <= 90) {
                    result.problems.append((i, "lat: \(Self.short(p.lat)) is outside -90..90"))
                    continue
                }
            }
            if converts {
                do {
                    wgs[i] = try converter(slot, crs).toWGS84(p)
                } catch {
                    result.problems.append((i, "position: \(error)"))
                    continue
                }
            }
            owners[i] = owner
            if single < 0 { single = owner } else if single != owner { mixed = true }
        }
        guard single >= 0 else { return result }
        if !mixed {
            // One context for the whole slice: the batch path. Points with a problem are located
            // too (harmlessly: their owner stays -1 and nothing reads their location).
            let locator = contexts.contexts[Int(single)].locator
            locator.locate(UnsafeBufferPointer(wgs.slice(range)), into: locations.slice(range))
            result.used.insert(single)
        } else {
            for i in range where owners[i] >= 0 {
                locations[i] = contexts.contexts[Int(owners[i])].locator.locate(wgs[i])
                result.used.insert(owners[i])
            }
        }
        for i in range where owners[i] >= 0 && locations[i].grid < 0 {
            let locator = contexts.contexts[Int(owners[i])].locator
            if let hit = locator.nearest(to: wgs[i], tier: .grid) {
                result.nearest.append(.init(index: Int32(i), unit: hit.unit, metres: (hit.metres * 100).rounded() / 100))
            }
        }
        return result
    }

    private mutating func converter(_ slot: Int, _ crs: CRS) throws -> CoordinateConverter {
        if let made = converters[slot + 1] { return made }
        let made = try CoordinateConverter(from: crs)
        converters[slot + 1] = made
        return made
    }

    /// A coordinate as a person reads it in a message: 95, not 95.0.
    static func short(_ value: Double) -> String {
        if value.isFinite && value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
