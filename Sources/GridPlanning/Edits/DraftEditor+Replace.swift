import GridDomain
import GridGeometry

extension DraftEditor {
    /// A new boundary for one unit. It must be valid, have area, and stay inside the parent.
    /// With `adjustNeighbours`, siblings lose what it now covers; each piece it gives up goes to
    /// the sibling bordering that piece when there is exactly one, and is left as a gap (said in
    /// a note) when there are several or none. Households and population stay as they were: the
    /// planner corrects them with a `set` edit where the redraw moved people.
    func replace(_ code: String, with geometry: MultiPolygon, adjustNeighbours: Bool) throws(EditError) -> EditOutcome {
        let unit = try units.require(code)
        let geos = GEOSContext()
        return try Self.geosWork { () throws -> EditOutcome in
            let shape = try geos.geometry(geometry)
            if case .invalid(let reason, let location) = geos.validity(of: shape) {
                throw EditError.badGeometry(code: code, reason: "\(reason)\(location.map { " at \($0)" } ?? "")")
            }
            let newArea = Self.area(geometry)
            guard newArea >= 1 else { throw EditError.badGeometry(code: code, reason: "it has no area (\(Self.m2(newArea)))") }
            if let parentCode = unit.parentCode, let parent = units[parentCode] {
                let outside = Self.area(geos.polygons(of: try geos.difference(shape, try geos.geometry(parent.geometry))))
                if outside > toleranceM2 { throw EditError.spillsOutsideParent(code: code, parent: parentCode, areaM2: outside) }
            }
            var changed: [String: AreaUnit] = [:]
            var replaced = unit
            replaced.geometry = geometry
            changed[code] = replaced
            var notes = ["\(code): \(Self.m2(Self.area(unit.geometry))) → \(Self.m2(newArea))"]
            if adjustNeighbours {
                notes += try settleNeighbours(of: unit, newShape: shape, geos: geos, changed: &changed)
            } else {
                notes.append("neighbours left as they were: validation lists any gap or overlap this leaves")
            }
            let inserted = keepEdgesShared(&changed, tier: unit.tier)
            if inserted > 0 { notes.append("\(inserted) vertices added along shared edges so both sides hold the same points") }
            if !units.children(of: code).isEmpty {
                notes.append("\(units.children(of: code).count) units below \(code) keep their boundaries: validation lists any that now spill outside")
            }
            return EditOutcome(operation: "replace", summary: "replace the boundary of \(code)",
                               saved: changed.values.sorted { $0.code < $1.code }, notes: notes)
        }
    }

    /// Siblings give up what the new shape covers; what the unit gives up goes to the one
    /// sibling bordering each piece.
    private func settleNeighbours(of unit: AreaUnit, newShape: GEOSGeometry, geos: GEOSContext,
                                  changed: inout [String: AreaUnit]) throws -> [String] {
        var notes: [String] = []
        let newBox = changed[unit.code]!.geometry.bounds
        let siblings = units.siblings(of: unit).filter {
            $0.geometry.bounds.intersects(newBox) || $0.geometry.bounds.intersects(unit.geometry.bounds)
        }
        var shapes: [String: GEOSGeometry] = [:]
        for sibling in siblings {
            let g = try geos.geometry(sibling.geometry)
            shapes[sibling.code] = g
            guard sibling.geometry.bounds.intersects(newBox), try geos.interiorsIntersect(g, newShape) else { continue }
            let rest = geos.polygons(of: try geos.difference(g, newShape))
            let restArea = Self.area(rest)
            guard restArea >= 1 else {
                throw EditError.badGeometry(code: unit.code, reason: "it covers all of sibling \(sibling.code): merge \(sibling.code) into it instead")
            }
            var updated = sibling
            updated.geometry = rest
            changed[sibling.code] = updated
            shapes[sibling.code] = try geos.geometry(rest)
            notes.append("\(sibling.code) gives \(Self.m2(Self.area(sibling.geometry) - restArea)) to \(unit.code)")
        }
        let given = geos.polygons(of: try geos.difference(try geos.geometry(unit.geometry), newShape))
        for piece in given.polygons {
            let pieceArea = Geodesic.wgs84.area(MultiPolygon(piece))
            guard pieceArea >= 0.01 else { continue }
            let g = try geos.geometry(piece)
            var bordering: [String] = []
            for sibling in siblings {
                guard let s = shapes[sibling.code], try geos.sharedBoundaryLength(g, s) > SharedVertices.tolerance else { continue }
                bordering.append(sibling.code)
            }
            let near = geos.pointOnSurface(g).map { " near \($0)" } ?? ""
            if bordering.count == 1, let taker = bordering.first, let s = shapes[taker] {
                let joined = try geos.union(s, g)
                var updated = changed[taker] ?? units[taker]!
                updated.geometry = geos.polygons(of: joined)
                changed[taker] = updated
                shapes[taker] = joined
                notes.append("\(Self.m2(pieceArea)) given up by \(unit.code)\(near) goes to \(taker), its only neighbour there")
            } else if bordering.isEmpty {
                notes.append("a gap of \(Self.m2(pieceArea))\(near) is left: no sibling borders it; fill it with another edit or the fill-gaps repair")
            } else {
                notes.append("a gap of \(Self.m2(pieceArea))\(near) is left between \(bordering.joined(separator: ", ")): more than one sibling borders it; decide with another edit or the fill-gaps repair")
            }
        }
        return notes
    }
}
