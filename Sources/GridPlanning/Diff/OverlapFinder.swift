import Foundation
import Dispatch
import GridGeometry
import Synchronization

/// The ground shared by shapes of two sets: for every pair whose boxes meet, the GEOS
/// intersection and its geodesic area. Pairs that only share edges or corners give no overlap.
///
/// The work is split over the cores by old shape, each part with a GEOS context of its own (a
/// context serves one thread at a time; nothing GEOS made crosses between parts).
struct OverlapFinder {
    struct Overlap: Sendable {
        var old: Int
        var new: Int
        var areaM2: Double
        var shape: MultiPolygon
    }

    /// A GEOS failure on one pair: which shapes, and what GEOS said.
    struct Failure: Error {
        var old: Int
        var new: Int
        var message: String
    }

    /// Overlaps below this area (m²) are noise of floating-point overlay along shared edges.
    var minimumM2: Double

    func overlaps(old: [MultiPolygon], new: [MultiPolygon]) throws(Failure) -> [Overlap] {
        guard !old.isEmpty, !new.isEmpty else { return [] }
        let index = BoxIndex(new.map(\.bounds))
        let oldBoxes = old.map(\.bounds)
        let parts = max(1, min(System.cores, old.count / 64))
        let results = Mutex([Result<[Overlap], Failure>](repeating: .success([]), count: parts))
        // Contexts made one after another before the work starts (ENGINEERING.md), one per part.
        let contexts = ContextPerPart(parts)
        let budget = WorkBudget.current  // the parts' threads do not inherit it
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let found = Result { () throws(Failure) -> [Overlap] in
                try overlapsOfPart(part, of: parts, geos: contexts.all[part], old: old, oldBoxes: oldBoxes, new: new, index: index,
                                   budget: budget)
            }
            results.withLock { $0[part] = found }
        }
        var all: [Overlap] = []
        for result in results.withLock({ $0 }) { all += try result.get() }
        return all
    }

    private func overlapsOfPart(_ part: Int, of parts: Int, geos: GEOSContext, old: [MultiPolygon], oldBoxes: [BoundingBox],
                                new: [MultiPolygon], index: BoxIndex, budget: WorkBudget?) throws(Failure) -> [Overlap] {
        var made: [Int: GEOSGeometry] = [:]
        var out: [Overlap] = []
        for i in stride(from: part, to: old.count, by: parts) {
            // Over budget: what is returned is thrown away (see WorkBudget), so stop here.
            if budget?.isSpent == true { break }
            let candidates = index.candidates(meeting: oldBoxes[i])
            guard !candidates.isEmpty else { continue }
            let a: GEOSGeometry
            do { a = try geos.geometry(old[i]) } catch { throw Failure(old: i, new: candidates[0], message: error.message) }
            for j in candidates {
                do {
                    let b: GEOSGeometry
                    if let known = made[j] { b = known } else {
                        b = try geos.geometry(new[j])
                        made[j] = b
                    }
                    let shared = geos.polygons(of: try geos.intersection(a, b))
                    guard !shared.polygons.isEmpty else { continue }
                    let area = Geodesic.wgs84.area(shared)
                    if area >= minimumM2 { out.append(Overlap(old: i, new: j, areaM2: area, shape: shared)) }
                } catch {
                    throw Failure(old: i, new: j, message: error.message)
                }
            }
        }
        return out
    }
}

/// GEOS contexts made one after another, one per part of the work.
///
/// `@unchecked Sendable`: part k uses only `all[k]`, and each part runs on one thread, so no
/// context is ever used by two threads at once (the rule GEOS sets).
private final class ContextPerPart: @unchecked Sendable {
    let all: [GEOSContext]

    init(_ parts: Int) {
        all = (0..<parts).map { _ in GEOSContext() }
    }
}

enum System {
    /// Cores to spread work over.
    static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
