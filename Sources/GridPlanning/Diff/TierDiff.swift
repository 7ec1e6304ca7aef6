import GridDomain
import GridGeometry

/// How one tier differs between two generations: units added, removed and changed, and the
/// ground that moved from one code to another.
public struct TierDiff: Codable, Sendable, Equatable {
    public var tier: Tier
    public var unitsBefore: Int
    public var unitsAfter: Int
    /// Units with the same code and identical fields (geometry vertex for vertex) on both sides.
    public var unchanged: Int
    public var added: [UnitEntry]
    public var removed: [UnitEntry]
    public var changed: [UnitChange]
    /// Ground that changed code, by (from, to); largest first.
    public var flows: [AreaFlow]
    /// Where each removed unit's ground went, and each changed unit's.
    public var fates: [UnitFate]
    public var totals: FlowTotals

    /// True when the two sides hold the same units: nothing to publish.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && flows.isEmpty }

    enum CodingKeys: String, CodingKey {
        case tier, unchanged, added, removed, changed, flows, fates, totals
        case unitsBefore = "units_before"
        case unitsAfter = "units_after"
    }

    /// The fate of one old unit, by code.
    public func fate(of code: String) -> UnitFate? { fates.first { $0.code == code } }
}

/// A GEOS failure while comparing two units: which ones, and what GEOS said.
public struct DiffError: Error, Equatable, CustomStringConvertible {
    public var tier: Tier
    public var oldCode: String
    public var newCode: String
    public var message: String

    public var description: String {
        "comparing \(tier.rawValue) '\(oldCode)' (old) with '\(newCode)' (new): \(message); check both generations' geometry (gridatlas import validates it)"
    }
}

extension TierDiff {
    /// Compares the units of one tier. Units whose geometry is identical on both sides need no
    /// overlay at all: only removed, added and reshaped units reach GEOS. This is exact when each
    /// generation tiles the tier without overlaps (what topology validation checks): an unchanged
    /// unit then neither gave nor took ground.
    public init(tier: Tier, old olds: [AreaUnit], new news: [AreaUnit], minimumFlowM2: Double = 1.0) throws(DiffError) {
        let oldByCode = Dictionary(olds.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let newByCode = Dictionary(news.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let geodesic = Geodesic.wgs84

        var added: [UnitEntry] = [], removed: [UnitEntry] = [], changed: [UnitChange] = []
        var movingOld: [AreaUnit] = [], movingNew: [AreaUnit] = []
        var unchanged = 0
        for unit in news.sorted(by: { $0.code < $1.code }) {
            guard let before = oldByCode[unit.code] else {
                added.append(Self.entry(unit))
                movingNew.append(unit)
                continue
            }
            guard let change = Self.change(from: before, to: unit) else { unchanged += 1; continue }
            changed.append(change)
            if change.fields.contains(.geometry) {
                movingOld.append(before)
                movingNew.append(unit)
            }
        }
        for unit in olds.sorted(by: { $0.code < $1.code }) where newByCode[unit.code] == nil {
            removed.append(Self.entry(unit))
            movingOld.append(unit)
        }

        let overlaps: [OverlapFinder.Overlap]
        do {
            overlaps = try OverlapFinder(minimumM2: minimumFlowM2).overlaps(old: movingOld.map(\.geometry), new: movingNew.map(\.geometry))
        } catch {
            throw DiffError(tier: tier, oldCode: movingOld[error.old].code, newCode: movingNew[error.new].code, message: error.message)
        }
        let oldArea = movingOld.map { geodesic.area($0.geometry) }
        var flows: [AreaFlow] = []
        var kept = [Double](repeating: 0, count: movingOld.count)
        var destinations = [[UnitFate.Destination]](repeating: [], count: movingOld.count)
        for overlap in overlaps {
            let from = movingOld[overlap.old], to = movingNew[overlap.new]
            let share = oldArea[overlap.old] > 0 ? overlap.areaM2 / oldArea[overlap.old] : 0
            destinations[overlap.old].append(.init(code: to.code, areaM2: Rounding.area(overlap.areaM2), share: Rounding.share(share)))
            if from.code == to.code {
                kept[overlap.old] += overlap.areaM2
                continue
            }
            flows.append(AreaFlow(from: from.code, to: to.code, areaM2: Rounding.area(overlap.areaM2), shareOfFrom: Rounding.share(share),
                                  households: from.households.map { Rounding.people(Double($0) * share) },
                                  population: from.population.map { Rounding.people(Double($0) * share) },
                                  geometry: overlap.shape))
        }
        flows.sort { ($1.areaM2, $0.from, $0.to) < ($0.areaM2, $1.from, $1.to) }

        var fates: [UnitFate] = []
        for (i, unit) in movingOld.enumerated() {
            let isRemoved = newByCode[unit.code] == nil
            let went = destinations[i].sorted { ($1.areaM2, $0.code) < ($0.areaM2, $1.code) }
            let covered = went.reduce(0) { $0 + $1.areaM2 }
            fates.append(UnitFate(code: unit.code, status: isRemoved ? "removed" : "changed", areaM2: Rounding.area(oldArea[i]),
                                  keptM2: Rounding.area(kept[i]), destinations: went, mainSuccessor: went.first?.code,
                                  uncoveredM2: Rounding.area(max(0, oldArea[i] - covered))))
        }
        fates.sort { $0.code < $1.code }

        self.tier = tier
        unitsBefore = olds.count
        unitsAfter = news.count
        self.unchanged = unchanged
        self.added = added
        self.removed = removed
        self.changed = changed
        self.flows = flows
        self.fates = fates
        totals = FlowTotals(flows: flows.count, areaM2: Rounding.area(flows.reduce(0) { $0 + $1.areaM2 }),
                            households: Rounding.people(flows.reduce(0) { $0 + ($1.households ?? 0) }),
                            population: Rounding.people(flows.reduce(0) { $0 + ($1.population ?? 0) }))
    }

    static func entry(_ unit: AreaUnit) -> UnitEntry {
        UnitEntry(code: unit.code, name: unit.name, parent: unit.parentCode, areaM2: Rounding.area(Geodesic.wgs84.area(unit.geometry)),
                  households: unit.households, population: unit.population, geometry: unit.geometry)
    }

    /// The differences between two versions of one code, or nil when there are none.
    static func change(from a: AreaUnit, to b: AreaUnit) -> UnitChange? {
        var change = UnitChange(code: b.code, name: b.name, fields: [], geometry: b.geometry)
        if a.geometry != b.geometry {
            change.fields.append(.geometry)
            change.areaBeforeM2 = Rounding.area(Geodesic.wgs84.area(a.geometry))
            change.areaAfterM2 = Rounding.area(Geodesic.wgs84.area(b.geometry))
        }
        if a.name != b.name {
            change.fields.append(.name)
            (change.nameBefore, change.nameAfter) = (a.name, b.name)
        }
        if a.parentCode != b.parentCode {
            change.fields.append(.parent)
            (change.parentBefore, change.parentAfter) = (a.parentCode, b.parentCode)
        }
        if a.households != b.households {
            change.fields.append(.households)
            (change.householdsBefore, change.householdsAfter) = (a.households, b.households)
        }
        if a.population != b.population {
            change.fields.append(.population)
            (change.populationBefore, change.populationAfter) = (a.population, b.population)
        }
        return change.fields.isEmpty ? nil : change
    }
}

/// How figures are rounded in answers: areas to 1 cm², people to 1/100, shares to 1e-6.
enum Rounding {
    static func area(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }
    static func people(_ v: Double) -> Double { (v * 100).rounded() / 100 }
    static func share(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }
}
