import Foundation
import GridDomain
import GridGeometry

/// Checks how a set of units fits together before anything is stored: codes and tiers, the
/// parent chain, valid geometry (GEOS's reason and location), children inside their parents and
/// siblings not overlapping, both within an area tolerance, so that every point has one answer.
///
/// The geometric checks run on every core (``PerThread``: a GEOS context per thread): first
/// each unit's own shape, then each family (a parent and its children). A family whose valid
/// children tile their valid parent exactly (``CoverageProof``, plain Swift) can neither spill
/// nor overlap, so GEOS compares only the families that fail the proof. What is found, and the
/// order it is listed in, are those of the single-threaded validator this replaced.
public struct UnitValidator {
    /// Spills and overlaps up to this many m² are accepted (digitising noise along shared edges).
    public var toleranceM2: Double
    public var threads: Int

    public init(toleranceM2: Double = 1.0, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.toleranceM2 = toleranceM2
        self.threads = max(1, threads)
    }

    /// What a validation established beyond "no problem", for the steps after it not to
    /// establish it again.
    public struct Findings: Sendable {
        /// Each read's geodesic area on the WGS84 ellipsoid (m²), in read order: the store keeps it.
        public var areasM2: [Double]
        /// Parents whose children, all valid, tile them exactly: the publish gate need not
        /// compare them again.
        public var tiledParents: Set<String>
    }

    /// - Parameters:
    ///   - reads: the units being imported, in file order.
    ///   - existing: units already in the target generation (a draft being added to).
    @discardableResult
    public func validate(_ reads: [UnitFeatureReader.Read], existing: [AreaUnit] = []) throws(ImportRejected) -> Findings {
        var problems: [ImportProblem] = []
        func report(_ read: UnitFeatureReader.Read, _ field: String, _ reason: String) {
            problems.append(ImportProblem(source: read.source, location: read.location, code: read.unit.code, field: field, reason: reason))
        }

        // Codes, tiers, duplicates.
        var firstByCode: [String: Int] = [:]
        // Units refused for their own code or tier: their children are told so, not "missing parent".
        var refused: [String: Int] = [:]
        let existingByCode = Dictionary(existing.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var usable: [Int] = []
        for (i, read) in reads.enumerated() {
            let unit = read.unit
            do { try UnitCode.check(unit.code, declared: unit.tier) } catch {
                report(read, read.field("tier"), error.description)
                refused[unit.code] = refused[unit.code] ?? i
                continue
            }
            if let earlier = firstByCode[unit.code] {
                report(read, read.field("code"), "duplicate code: \(reads[earlier].source) \(reads[earlier].location) has it too")
                continue
            }
            if existingByCode[unit.code] != nil {
                report(read, read.field("code"), "duplicate code: the generation already holds a unit with this code")
                continue
            }
            firstByCode[unit.code] = i
            usable.append(i)
        }

        // Parents: the code must extend the parent's, the parent must exist, one tier up.
        func tierOf(_ code: String) -> Tier? { firstByCode[code].map { reads[$0].unit.tier } ?? existingByCode[code].map { existing[$0].tier } }
        var parentOK = Set<String>()
        for read in usable.map({ reads[$0] }) {
            let unit = read.unit
            guard let expected = unit.tier.parent else {
                if let declared = read.declaredParent, !declared.isEmpty {
                    report(read, read.field("parent"), "a district has no parent, but '\(declared)' was given")
                }
                continue
            }
            guard let parent = unit.parentCode, !parent.isEmpty else {
                report(read, read.field("parent"), "missing parent: a \(unit.tier.rawValue) needs a \(expected.rawValue)")
                continue
            }
            guard unit.code.hasPrefix(parent) else {
                report(read, read.field("parent"), "code \(unit.code) does not extend its parent's code \(parent)")
                continue
            }
            guard let parentTier = tierOf(parent) else {
                if let parentRead = refused[parent].map({ reads[$0] }) {
                    report(read, read.field("parent"), "parent \(parent) is refused itself (\(parentRead.source) \(parentRead.location))")
                } else {
                    report(read, read.field("parent"), "missing parent: no unit with code \(parent) in this import or generation")
                }
                continue
            }
            guard parentTier == expected else {
                report(read, read.field("parent"),
                       "tier order broken: a \(unit.tier.rawValue)'s parent must be a \(expected.rawValue), but \(parent) is a \(parentTier.rawValue)")
                continue
            }
            parentOK.insert(unit.code)
        }

        // Each unit's own shape, on every core.
        let shapes = UnitShapes(reads: reads, usable: usable, existing: existing, threads: threads)
        for (k, i) in usable.enumerated() {
            if case .problem(let reason) = shapes.verdicts[k] { report(reads[i], "geometry", reason) }
        }

        // Families: children inside their parents and siblings apart, on every core.
        let families = FamilyComparison(reads: reads, existing: existing, firstByCode: firstByCode, existingByCode: existingByCode,
                                        parentOK: parentOK, toleranceM2: toleranceM2)
        let outcome = families.run(shapes, usable: usable, threads: threads)
        problems += outcome.problems
        guard problems.isEmpty else { throw ImportRejected(problems) }
        var areas = [Double](repeating: 0, count: reads.count)
        for (k, i) in usable.enumerated() {
            if case .valid(let area) = shapes.verdicts[k] { areas[i] = area }
        }
        return Findings(areasM2: areas, tiledParents: outcome.tiledParents)
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String((value * 100).rounded() / 100)
    }
}

/// Each unit's own shape judged on every core: GEOS's validity, then its area, which a valid
/// shape must have (1 m² at least). Existing units of the generation are only built, as the
/// comparisons need them.
struct UnitShapes {
    enum Verdict: Sendable {
        /// Valid, with its geodesic area.
        case valid(Double)
        /// What is wrong, in the words reported for field `geometry`.
        case problem(String)
        /// An existing unit GEOS can build (it takes part in comparisons).
        case built
        /// An existing unit GEOS cannot build (left out of comparisons, as before).
        case unbuilt
    }

    /// One verdict per usable read (in `usable` order), then one per existing unit.
    let verdicts: [Verdict]
    let usableCount: Int

    init(reads: [UnitFeatureReader.Read], usable: [Int], existing: [AreaUnit], threads: Int) {
        let count = usable.count + existing.count
        func shape(_ k: Int) -> MultiPolygon { k < usable.count ? reads[usable[k]].unit.geometry : existing[k - usable.count].geometry }
        // Largest first, so that the last to finish is a small one.
        let order = (0..<count).sorted { shape($0).vertexCount > shape($1).vertexCount }
        let judged = PerThread.geos(count, threads: threads) { geos, n in
            let k = order[n]
            return k < usable.count ? Self.judge(reads[usable[k]].unit.geometry, in: geos)
                : ((try? geos.geometry(existing[k - usable.count].geometry)) == nil ? .unbuilt : .built)
        }
        var verdicts = [Verdict](repeating: .unbuilt, count: count)
        for (n, k) in order.enumerated() { verdicts[k] = judged[n] }
        self.verdicts = verdicts
        usableCount = usable.count
    }

    static func judge(_ shape: MultiPolygon, in geos: GEOSContext) -> Verdict {
        do {
            let g = try geos.geometry(shape)
            switch geos.validity(of: g) {
            case .valid:
                // A valid ring can still enclose nothing: typically coordinates read in the wrong CRS.
                let area = Geodesic.wgs84.area(shape)
                guard area >= 1 else {
                    return .problem("the unit has no area (\(UnitValidator.format(area)) m²): are the coordinates really in the declared CRS?")
                }
                return .valid(area)
            case .invalid(let reason, let location):
                return .problem("invalid geometry: \(reason)\(location.map { " at \($0)" } ?? "")")
            }
        } catch {
            return .problem("invalid geometry: \(error.message)")
        }
    }

    /// True when the usable read at `k` (in `usable` order) takes part in comparisons.
    func hasShape(usable k: Int) -> Bool {
        if case .valid = verdicts[k] { return true }
        return false
    }

    /// True when existing unit `e` takes part in comparisons.
    func hasShape(existing e: Int) -> Bool {
        if case .built = verdicts[usableCount + e] { return true }
        return false
    }
}
