import Dispatch
import GridDomain
import Synchronization

/// Answer bytes that depend only on the context and on the deepest unit a point fell in (its
/// units, grid, responsible worker), made once per batch for the pairs its points use and then
/// copied per point: a million answers over a hundred grids cost a hundred roster lookups and
/// a million `memcpy`s.
struct AnswerFragments: Sendable {
    private var arena: [UInt8] = []
    /// Per context, `unitSlots` entries: for unit id u at u + 1 (at 0, "no unit at all"), where
    /// its fragment starts and ends in `arena`.
    private var starts: [Int32] = []
    private var ends: [Int32] = []
    private var firstSlot: [Int] = []

    /// Builds the fragments every point of `resolved` uses; `make` appends the bytes for one
    /// context and deepest unit (-1: outside every unit). Made on every core: a city's batch
    /// needs one roster lookup for each of its 19,000 grids. With a `cache`, fragments an
    /// earlier batch made are copied from it, and those made here are kept in it.
    init(_ resolved: ResolvedBatch, cache: FragmentCache? = nil,
         make: @escaping @Sendable (AnswerContext, Int32, inout [UInt8], inout WorkerCache) -> Void) {
        let contexts = resolved.contexts.contexts
        for context in contexts {
            firstSlot.append(starts.count)
            starts += [Int32](repeating: -1, count: context.locator.units.count + 1)
        }
        ends = starts
        // Which (context, unit) pairs the points use.
        resolved.owners.withUnsafeBufferPointer { owners in
            resolved.locations.withUnsafeBufferPointer { locations in
                for i in 0..<owners.count where owners[i] >= 0 {
                    starts[firstSlot[Int(owners[i])] + Int(Self.deepest(locations[i])) + 1] = 0
                }
            }
        }
        var needed: [(slot: Int, context: Int, unit: Int32)] = []
        for (c, context) in contexts.enumerated() {
            for unit in 0...context.locator.units.count where starts[firstSlot[c] + unit] == 0 {
                let slot = firstSlot[c] + unit
                if let cache, let known = cache.fragment(FragmentCache.key(context, Int32(unit - 1))) {
                    starts[slot] = Int32(arena.count)
                    arena += known
                    ends[slot] = Int32(arena.count)
                } else {
                    needed.append((slot, c, Int32(unit - 1)))
                }
            }
        }
        // Each part writes an arena of its own; the arenas are then laid end to end.
        let parts = min(max(1, needed.count / 256), PointBatchResolver.cores * 2)
        let made = Mutex([(arena: [UInt8], ends: [Int32])](repeating: ([], []), count: parts))
        let work = needed
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            var arena: [UInt8] = []
            var ends: [Int32] = []
            var workers = WorkerCache()
            for item in work[(k * work.count / parts)..<((k + 1) * work.count / parts)] {
                make(contexts[item.context], item.unit, &arena, &workers)
                ends.append(Int32(arena.count))
            }
            made.withLock { $0[k] = (arena, ends) }
        }
        var next = 0
        for (k, part) in made.withLock({ $0 }).enumerated() {
            let base = Int32(arena.count)
            var start = base
            for (j, item) in needed[(k * needed.count / parts)..<((k + 1) * needed.count / parts)].enumerated() {
                starts[item.slot] = start
                ends[item.slot] = base + part.ends[j]
                start = ends[item.slot]
                next += 1
            }
            arena += part.arena
        }
        precondition(next == needed.count, "every fragment placed")
        if let cache {
            for item in needed {
                let fragment = Array(arena[Int(starts[item.slot])..<Int(ends[item.slot])])
                cache.keep(fragment, for: FragmentCache.key(contexts[item.context], item.unit))
            }
        }
    }

    /// The lowest unit of a location: its micro-area, else its grid, else the lowest upper tier
    /// (a gap), else -1. Its chain of parents is the location's chain.
    @inline(__always)
    static func deepest(_ location: Location) -> Int32 {
        if location.microArea >= 0 { return location.microArea }
        if location.grid >= 0 { return location.grid }
        if location.community >= 0 { return location.community }
        if location.subdistrict >= 0 { return location.subdistrict }
        return location.district
    }

    /// Hands `body` the arena and a way to copy a fragment out of it.
    func withArena<R>(_ body: (Reader) -> R) -> R {
        arena.withUnsafeBufferPointer { body(Reader(fragments: self, arena: $0)) }
    }

    struct Reader {
        let fragments: AnswerFragments
        let arena: UnsafeBufferPointer<UInt8>

        @inline(__always)
        func write<Sink: ByteSink>(context: Int32, location: Location, to out: inout Sink) {
            let slot = fragments.firstSlot[Int(context)] + Int(AnswerFragments.deepest(location)) + 1
            out.write(bytes: UnsafeBufferPointer(rebasing: arena[Int(fragments.starts[slot])..<Int(fragments.ends[slot])]))
        }
    }

    /// The units from the top tier down to `unit`, by parent links.
    static func chain(of unit: Int32, in locator: Locator) -> [Int32] {
        var chain: [Int32] = []
        var current = unit
        while current >= 0 {
            chain.append(current)
            current = locator.units[Int(current)].parent
        }
        return chain.reversed()
    }
}
