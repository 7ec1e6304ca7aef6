import GridDomain
import GridGeometry

/// Every check of one family: each child's own shape (validity, slivers, spikes), then how the
/// children cover their parent (gaps, spills, overlaps), then their sequence on the map.
struct FamilyCheck {
    let geos: GEOSContext
    let units: [AreaUnit]
    let tolerances: TopologyTolerances
    /// Leaves out the checks that can only warn (shape, sequence): a publish gate's question.
    var errorsOnly = false

    struct Outcome: Sendable {
        var problems: [TopologyProblem] = []
        /// A point inside each child, by unit index: where code problems are shown.
        var points: [Int: LonLat] = [:]
    }

    func run(_ family: UnitFamilies.Family) -> Outcome {
        var outcome = Outcome()
        if !errorsOnly {
            let shapeCheck = ShapeCheck(tolerances: tolerances)
            for i in family.children { outcome.problems += shapeCheck.problems(of: units[i]) }
        }
        let shapes = FamilyShapes(geos: geos, units: units, family: family)
        outcome.points = shapes.points
        for refusal in shapes.refusals {
            let unit = units[refusal.index]
            let place = refusal.location.map { " at \($0)" } ?? ""
            let after = refusal.repaired ? "; compared with its siblings as GEOS would repair it" : "; left out of the comparisons"
            outcome.problems.append(TopologyProblem(
                kind: .invalidGeometry, severity: .error, tier: unit.tier, codes: [unit.code], location: refusal.location,
                geometry: refusal.location.map { .points([$0]) },
                message: "\(unit.tier.rawValue) \(unit.code): invalid geometry: \(refusal.reason)\(place)\(after)"))
        }
        do {
            outcome.problems += try coverage(shapes)
        } catch {
            outcome.problems.append(failed(family, error))
        }
        if !errorsOnly, family.parent != nil, SequenceRule.tiers.contains(family.tier) { outcome.problems += sequence(shapes) }
        return outcome
    }

    private func failed(_ family: UnitFamilies.Family, _ error: GEOSError) -> TopologyProblem {
        let whose = family.parent.map { "the children of \(units[$0].tier.rawValue) \(units[$0].code)" } ?? "the \(family.tier.rawValue) units without a parent"
        return TopologyProblem(kind: .checkFailed, severity: .error, tier: family.tier, codes: family.parent.map { [units[$0].code] } ?? [],
                               message: "could not compare \(whose): GEOS says \(error.message)")
    }

    private func severity(_ area: Double) -> TopologyProblem.Severity {
        area > tolerances.errorAreaM2 ? .error : .warning
    }

    private func describe(_ patch: FamilyShapes.Patch) -> String {
        let thin = patch.widthM < tolerances.sliverWidthM || patch.areaM2 < tolerances.sliverAreaM2 ? ", a sliver" : ""
        return "\(Figures.area(patch.areaM2)) (mean width \(Figures.metres(patch.widthM))\(thin))"
    }

    private func coverage(_ shapes: FamilyShapes) throws(GEOSError) -> [TopologyProblem] {
        var out: [TopologyProblem] = []
        let tier = shapes.family.tier
        guard let p = shapes.family.parent else {
            // Units without a parent: only compared with each other.
            for (a, b, patch) in try shapes.overlaps() { out.append(overlap(shapes, a, b, patch)) }
            return out
        }
        guard !shapes.members.isEmpty, !shapes.provenToTile else { return out }
        let parent = units[p]
        try shapes.buildParent()
        let union = try shapes.union()
        for gap in try shapes.gaps(union: union) {
            let neighbours = gap.neighbours.map { TopologyProblem.Neighbour(code: units[shapes.members[$0.member].index].code, sharedM: $0.sharedM) }
            let beside = neighbours.isEmpty ? "touching no \(tier.rawValue)"
                : "beside " + neighbours.prefix(6).map { "\($0.code) (\(Figures.metres($0.sharedM)))" }.joined(separator: ", ")
                    + (neighbours.count > 6 ? " and \(neighbours.count - 6) more" : "")
            out.append(TopologyProblem(
                kind: .gap, severity: severity(gap.patch.areaM2), tier: tier, codes: [parent.code] + neighbours.map(\.code),
                neighbours: neighbours, areaM2: gap.patch.areaM2, widthM: gap.patch.widthM, location: gap.patch.location,
                geometry: .areas(gap.patch.shape),
                message: "gap of \(describe(gap.patch)) inside \(parent.tier.rawValue) \(parent.code) covered by no \(tier.rawValue), \(beside)"))
        }
        for (m, patch) in try shapes.spills(union: union) {
            let child = units[shapes.members[m].index]
            out.append(TopologyProblem(
                kind: .spill, severity: severity(patch.areaM2), tier: tier, codes: [child.code, parent.code],
                areaM2: patch.areaM2, widthM: patch.widthM, location: patch.location, geometry: .areas(patch.shape),
                message: "\(tier.rawValue) \(child.code) spills \(describe(patch)) outside its \(parent.tier.rawValue) \(parent.code)"))
        }
        if try shapes.mayOverlap(union: union) {
            for (a, b, patch) in try shapes.overlaps() { out.append(overlap(shapes, a, b, patch)) }
        }
        return out
    }

    private func overlap(_ shapes: FamilyShapes, _ a: Int, _ b: Int, _ patch: FamilyShapes.Patch) -> TopologyProblem {
        let codes = [units[shapes.members[a].index].code, units[shapes.members[b].index].code].sorted()
        let tier = shapes.family.tier
        return TopologyProblem(
            kind: .overlap, severity: severity(patch.areaM2), tier: tier, codes: codes, areaM2: patch.areaM2, widthM: patch.widthM,
            location: patch.location, geometry: .areas(patch.shape),
            message: "\(tier.rawValue)s \(codes[0]) and \(codes[1]) overlap by \(describe(patch))")
    }

    /// The first pair of siblings out of sequence (one warning per parent, not a flood).
    private func sequence(_ shapes: FamilyShapes) -> [TopologyProblem] {
        guard let p = shapes.family.parent else { return [] }
        let frame = shapes.frame
        var siblings: [SequenceRule.Sibling] = []
        var where_: [String: LonLat] = [:]
        for member in shapes.members {
            let unit = units[member.index]
            guard let point = shapes.points[member.index] else { continue }
            let m = frame.metres(point)
            siblings.append(SequenceRule.Sibling(code: unit.code, x: m.lon, y: m.lat,
                                                 width: (member.box.maxLon - member.box.minLon) * frame.metresPerDegreeLon,
                                                 height: (member.box.maxLat - member.box.minLat) * frame.metresPerDegreeLat))
            where_[unit.code] = point
        }
        let inversions = SequenceRule.inversions(siblings)
        guard let first = inversions.first, let a = where_[first.first.code], let b = where_[first.next.code] else { return [] }
        let parent = units[p]
        let more = inversions.count > 1 ? " (\(inversions.count - 1) more pairs out of order under \(parent.code))" : ""
        return [TopologyProblem(
            kind: .codeSequence, severity: .warning, tier: shapes.family.tier, codes: [first.first.code, first.next.code],
            location: b, geometry: .lines([[a, b]]),
            message: "\(shapes.family.tier.rawValue)s under \(parent.code) are not numbered west→east, north→south: \(first.reason)\(more)")]
    }
}
