import GridDomain
import GridGeometry

/// Gives each small gap inside a parent to the child that shares the longest boundary with it
/// (a tie goes to the lower code), by a GEOS union of the child and the gap. Gaps above
/// `maxAreaM2` are listed as skipped: they are more likely ground nobody has been given yet than
/// digitising slack, and a planner should decide whose they are.
public struct GapFiller: Sendable {
    public var maxAreaM2: Double

    /// The largest gaps a fill may take, in m²: from a hundredth of a m² up to 1 km², beyond which
    /// a "gap" is ground that nobody has been given and a planner must assign by hand.
    public static let maxAreaRange: ClosedRange<Double> = 0.01...1_000_000

    public init(maxAreaM2: Double) throws(TopologyTolerances.Invalid) {
        guard maxAreaM2.isFinite, maxAreaM2 > 0 else {
            throw TopologyTolerances.Invalid(name: "max_area_m2", value: maxAreaM2, reason: "must be a finite number above 0")
        }
        guard Self.maxAreaRange.contains(maxAreaM2) else {
            throw TopologyTolerances.Invalid(name: "max_area_m2", value: maxAreaM2,
                                             reason: "is outside \(TopologyTolerances.describe(Self.maxAreaRange)) m²")
        }
        self.maxAreaM2 = maxAreaM2
    }

    public func run(_ units: [AreaUnit]) -> RepairResult {
        let geos = GEOSContext()
        var result = RepairResult()
        var changed: [Int: AreaUnit] = [:]
        for family in UnitFamilies(units).families where family.parent != nil {
            let parent = units[family.parent!]
            do {
                let shapes = FamilyShapes(geos: geos, units: units, family: family)
                guard !shapes.members.isEmpty, !shapes.provenToTile else { continue }
                try shapes.buildParent()
                var given: [Int: [(gap: FamilyShapes.Gap, shape: GEOSGeometry)]] = [:]
                for gap in try shapes.gaps(union: shapes.union()) {
                    let patch = gap.patch
                    guard patch.areaM2 <= maxAreaM2 else {
                        result.skipped.append(.init(code: parent.code, action: .skipped,
                                                    message: "gap of \(Figures.area(patch.areaM2)) inside \(parent.code) is above the "
                                                        + "\(Figures.area(maxAreaM2)) maximum: left for a planner to assign",
                                                    areaM2: patch.areaM2, location: patch.location))
                        continue
                    }
                    guard let best = gap.neighbours.first, best.sharedM > 0 else {
                        result.skipped.append(.init(code: parent.code, action: .skipped,
                                                    message: "gap of \(Figures.area(patch.areaM2)) inside \(parent.code) shares no edge with any child",
                                                    areaM2: patch.areaM2, location: patch.location))
                        continue
                    }
                    let shape = try geos.geometry(patch.shape)
                    given[best.member, default: []].append((gap: gap, shape: shape))
                }
                for (m, gaps) in given.sorted(by: { $0.key < $1.key }) {
                    let member = shapes.members[m]
                    let unit = units[member.index]
                    let grown = geos.polygons(of: try geos.unaryUnion(geos.collection([member.shape] + gaps.map(\.shape))))
                    let check = try geos.geometry(grown)
                    guard geos.isValid(check), grown.polygons.count <= max(unit.geometry.polygons.count, 1) else {
                        for (gap, _) in gaps {
                            result.skipped.append(.init(code: unit.code, action: .skipped,
                                                        message: "joining the gap of \(Figures.area(gap.patch.areaM2)) to \(unit.code) would not give one valid shape",
                                                        areaM2: gap.patch.areaM2, location: gap.patch.location))
                        }
                        continue
                    }
                    var grownUnit = unit
                    grownUnit.geometry = grown
                    changed[member.index] = grownUnit
                    for (gap, _) in gaps {
                        let others = gap.neighbours.dropFirst().prefix(3).map { n in
                            "\(units[shapes.members[n.member].index].code) \(Figures.metres(n.sharedM))"
                        }
                        result.notes.append(.init(
                            code: unit.code, action: .filledGap,
                            message: "gap of \(Figures.area(gap.patch.areaM2)) inside \(parent.code) joined to \(unit.code), "
                                + "which shares \(Figures.metres(gap.neighbours[0].sharedM)) of its edge"
                                + (others.isEmpty ? "" : " (others: \(others.joined(separator: ", ")))"),
                            areaM2: gap.patch.areaM2, location: gap.patch.location))
                    }
                }
            } catch {
                result.skipped.append(.init(code: parent.code, action: .skipped,
                                            message: "could not look for gaps inside \(parent.code): GEOS says \(error.message)"))
            }
        }
        result.units = changed.keys.sorted().map { changed[$0]! }
        return result
    }
}
