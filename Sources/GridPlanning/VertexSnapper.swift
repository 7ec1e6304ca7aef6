import GridDomain
import GridGeometry

/// Makes near-coincident shared edges identical: within each set of siblings, a vertex within
/// `toleranceM` metres of a neighbour's vertex moves onto it, and one within the tolerance of a
/// neighbour's edge moves onto that edge, the neighbour getting the same vertex added, so that
/// both sides of a shared edge hold the same vertices (what the Locator's boundary rule and
/// GEOS's exact overlays need). The parent's boundary is a target too, but never moves.
///
/// Each changed unit is re-checked with GEOS; a unit the snap would make invalid is left as it
/// was and listed as skipped with GEOS's reason. Distances are measured in the family's local
/// plane (``LocalFrame``), so the tolerance means the same metres at any latitude.
public struct VertexSnapper: Sendable {
    public var toleranceM: Double

    /// The tolerances a snap takes, in metres. Below a millimetre nothing digitised is that close
    /// (and the cell grid's arithmetic loses meaning near 1e-15); above a kilometre a snap would
    /// fold whole grids onto their neighbours.
    public static let toleranceRange: ClosedRange<Double> = 0.001...1_000

    public init(toleranceM: Double) throws(TopologyTolerances.Invalid) {
        guard toleranceM.isFinite, toleranceM > 0 else {
            throw TopologyTolerances.Invalid(name: "tolerance_m", value: toleranceM, reason: "must be a finite number above 0")
        }
        guard Self.toleranceRange.contains(toleranceM) else {
            throw TopologyTolerances.Invalid(name: "tolerance_m", value: toleranceM,
                                             reason: "is outside \(TopologyTolerances.describe(Self.toleranceRange)) m")
        }
        self.toleranceM = toleranceM
    }

    public func run(_ units: [AreaUnit]) -> RepairResult {
        let geos = GEOSContext()
        var result = RepairResult()
        var changed: [Int: AreaUnit] = [:]
        for family in UnitFamilies(units).families where family.children.count + (family.parent == nil ? 0 : 1) >= 2 {
            let snap = FamilySnap(units: units, family: family, toleranceM: toleranceM)
            for outcome in snap.run() {
                let unit = units[outcome.index]
                var candidate = unit
                candidate.geometry = outcome.shape
                if let reason = Self.refusal(of: outcome.shape, geos: geos) {
                    let already = Self.refusal(of: unit.geometry, geos: geos)
                    result.skipped.append(.init(
                        code: unit.code, action: .skipped,
                        message: already.map { "\(unit.code) is invalid already (\($0)): repair it with make-valid, then snap" }
                            ?? "\(unit.code): snapping \(outcome.moved) vertices would make it invalid (\(reason)); left as it was",
                        metres: outcome.largestMoveM, location: outcome.firstMove))
                    continue
                }
                changed[outcome.index] = candidate
                if outcome.moved > 0 {
                    result.notes.append(.init(
                        code: unit.code, action: .snapped,
                        message: "\(unit.tier.rawValue) \(unit.code): \(outcome.moved) vertices moved onto neighbours' vertices or edges "
                            + "(largest move \(Figures.metres(outcome.largestMoveM)), tolerance \(Figures.metres(toleranceM)))",
                        metres: outcome.largestMoveM, location: outcome.firstMove))
                }
                if outcome.inserted > 0 {
                    result.notes.append(.init(
                        code: unit.code, action: .insertedVertices,
                        message: "\(unit.tier.rawValue) \(unit.code): \(outcome.inserted) vertices added where neighbours' vertices "
                            + "lie on its edges", metres: 0, location: outcome.firstInsert))
                }
            }
        }
        result.units = changed.keys.sorted().map { changed[$0]! }
        return result
    }

    /// GEOS's reason when the snapped shape is not valid, nil when it is.
    static func refusal(of shape: MultiPolygon, geos: GEOSContext) -> String? {
        do {
            let g = try geos.geometry(shape)
            if case .invalid(let reason, let location) = geos.validity(of: g) {
                return reason + (location.map { " at \($0)" } ?? "")
            }
            return nil
        } catch {
            return error.message
        }
    }
}
