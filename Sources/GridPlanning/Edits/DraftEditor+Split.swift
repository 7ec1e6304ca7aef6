import GridDomain
import GridGeometry

extension DraftEditor {
    /// Cuts a unit along a line into pieces taken in reading order. Households and population
    /// are shared by area (rounded, the remainder to the largest piece); each unit below goes to
    /// the piece holding most of it and is re-coded when that piece has a new code.
    func split(_ code: String, along line: [LonLat], codes: [String]?, names: [String]?) throws(EditError) -> EditOutcome {
        let unit = try units.require(code)
        guard line.count >= 2 else { throw .badGeometry(code: code, reason: "a cutting line needs at least two positions") }
        let geos = GEOSContext()
        return try Self.geosWork { () throws -> EditOutcome in
            let shape = try geos.geometry(unit.geometry)
            let cut = try geos.geometry(.lines([line]))
            var pieces: [Polygon] = []
            for face in try geos.faces(of: shape, cutBy: cut) {
                let g = try geos.geometry(face)
                if let inside = geos.pointOnSurface(g), try geos.covers(shape, inside) { pieces.append(face) }
            }
            guard pieces.count >= 2 else { throw EditError.lineDoesNotCut(code: code, pieces: pieces.count) }
            let points = try pieces.map { piece -> LonLat in
                guard let p = geos.pointOnSurface(try geos.geometry(piece)) else { throw EditError.geos("no point on a piece") }
                return p
            }
            pieces = ReadingOrder.sorted(points: points, bounds: pieces.map(\.exterior.bounds)).map { pieces[$0] }

            let newCodes = try pieceCodes(for: unit, count: pieces.count, given: codes)
            if let names, names.count != pieces.count { throw EditError.countMismatch(what: "names", expected: pieces.count, got: names.count) }
            for name in names ?? [] {
                if let problem = TextRule.name.problem(with: name) { throw EditError.badCode(code: code, reason: "a new name \(problem)") }
            }
            let areas = pieces.map { Geodesic.wgs84.area(MultiPolygon($0)) }
            let households = Self.share(unit.households, by: areas)
            let population = Self.share(unit.population, by: areas)
            var changed: [String: AreaUnit] = [:]
            var made: [AreaUnit] = []
            for (i, piece) in pieces.enumerated() {
                let name = names?[i] ?? (i == 0 ? unit.name : "\(unit.name)-\(i + 1)")
                let made1 = AreaUnit(code: newCodes[i], tier: unit.tier, name: name, parentCode: unit.parentCode,
                                     geometry: MultiPolygon(piece), households: households[i], population: population[i],
                                     attributesJSON: unit.attributesJSON)
                made.append(made1)
                changed[made1.code] = made1
            }
            var removed = newCodes.contains(code) ? [] : [code]
            var notes = made.map { "\($0.code) '\($0.name)': \(Self.m2(Geodesic.wgs84.area($0.geometry)))\($0.households.map { ", \($0) households" } ?? "")" }
            if unit.households != nil || unit.population != nil {
                notes.append("households and population shared by area: correct them with a set edit where people are not spread evenly")
            }
            let (recoded, gone, childNotes) = try rehome(children: units.children(of: code), of: unit, among: made, geos: geos,
                                                         reserved: Set(newCodes))
            for child in recoded { changed[child.code] = child }
            removed += gone
            notes += childNotes
            let inserted = keepEdgesShared(&changed, tier: unit.tier)
            if inserted > 0 { notes.append("\(inserted) vertices added to neighbours' edges where the line meets them") }
            if newCodes.contains(where: { $0 != code }) || !removed.isEmpty { notes.append(Self.rosterNote([code])) }
            return EditOutcome(operation: "split", summary: "split \(code) into \(newCodes.joined(separator: " and "))",
                               removed: removed, saved: changed.values.sorted { $0.code < $1.code }, notes: notes)
        }
    }

    private func pieceCodes(for unit: AreaUnit, count: Int, given: [String]?) throws(EditError) -> [String] {
        if let given {
            guard given.count == count else { throw .countMismatch(what: "codes", expected: count, got: given.count) }
            guard Set(given).count == given.count else { throw .badCode(code: given.joined(separator: ","), reason: "the codes repeat") }
            for code in given { try units.checkNewCode(code, tier: unit.tier, parent: unit.parentCode, allowing: unit.code) }
            return given
        }
        var codes = [unit.code]
        guard let parent = unit.parentCode else { throw .badCode(code: unit.code, reason: "a unit without a parent cannot be split") }
        while codes.count < count { codes.append(try units.nextCode(under: parent, tier: unit.tier, reserved: Set(codes))) }
        return codes
    }

    /// Each child goes to the piece covering most of it; a child of a piece with a new code is
    /// re-coded under it (same sequence when free).
    func rehome(children: [AreaUnit], of unit: AreaUnit, among pieces: [AreaUnit], geos: GEOSContext,
                reserved: Set<String>) throws -> (saved: [AreaUnit], removed: [String], notes: [String]) {
        var saved: [AreaUnit] = [], removed: [String] = [], notes: [String] = []
        let shapes = try pieces.map { try geos.geometry($0.geometry) }
        var taken = reserved
        for child in children {
            let g = try geos.geometry(child.geometry)
            var best = 0, bestArea = -1.0
            for (i, s) in shapes.enumerated() {
                let a = Geodesic.wgs84.area(geos.polygons(of: try geos.intersection(g, s)))
                if a > bestArea { best = i; bestArea = a }
            }
            let home = pieces[best]
            guard home.code != child.parentCode else { continue }
            let suffix = child.code.dropFirst(unit.code.count)
            var code = home.code + suffix
            if units[code] != nil || taken.contains(code) {
                code = try units.nextCode(under: home.code, tier: child.tier, reserved: taken)
            }
            taken.insert(code)
            let moved = try units.recoded(child, to: code, parent: home.code)
            saved += moved
            removed += [child.code] + units.descendants(of: child.code).map(\.code)
            notes.append("\(child.code) goes with \(home.code) as \(code)")
            if bestArea < Geodesic.wgs84.area(child.geometry) - toleranceM2 {
                notes.append("\(child.code) straddles the new boundary: redraw it (validation lists the spill)")
            }
        }
        return (saved, removed, notes)
    }

    /// `total` shared in proportion to `weights`, rounded, what rounding gains or loses to the largest weight.
    static func share(_ total: Int?, by weights: [Double]) -> [Int?] {
        guard let total else { return weights.map { _ in nil } }
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var parts = weights.map { Int((Double(total) * $0 / sum).rounded()) }
        if let largest = weights.indices.max(by: { weights[$0] < weights[$1] }) { parts[largest] += total - parts.reduce(0, +) }
        return parts
    }
}
