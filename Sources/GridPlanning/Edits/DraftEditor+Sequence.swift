import GridDomain
import GridGeometry

extension DraftEditor {
    /// Numbers every child of `parent` (of the tier below it) afresh in reading order, west to
    /// east and north to south as the codes standard asks, keeping the code length in use; units
    /// below the re-coded children follow. Codes may trade places, so clashes are checked only
    /// against units outside the renumbered set.
    func renumberChildren(of parent: String) throws(EditError) -> EditOutcome {
        let parentUnit = try units.require(parent)
        guard let tier = parentUnit.tier.child else { throw .nothingToDo("a \(parentUnit.tier.rawValue) has no children") }
        let children = units.children(of: parent).filter { $0.tier == tier }
        guard children.count >= 1 else { throw .nothingToDo("\(parent) has no \(tier.rawValue) below it") }
        let digits = (children.first?.code.count ?? parent.count + 3) - parent.count
        let geos = GEOSContext()
        let points = try Self.geosWork {
            try children.map { child -> LonLat in
                guard let p = geos.pointOnSurface(try geos.geometry(child.geometry)) else { throw EditError.geos("no point on \(child.code)") }
                return p
            }
        }
        let order = ReadingOrder.sorted(points: points, bounds: children.map(\.geometry.bounds))
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        guard children.count < limit else { throw .sequenceFull(parent: parent, digits: digits) }

        var saved: [AreaUnit] = [], removed: [String] = [], notes: [String] = []
        for (position, index) in order.enumerated() {
            let child = children[index]
            let sequence = String(position + 1)
            let code = parent + String(repeating: "0", count: digits - sequence.count) + sequence
            guard code != child.code else { continue }
            var moved = child
            moved.code = code
            saved.append(moved)
            removed.append(child.code)
            for var below in units.descendants(of: child.code) {
                removed.append(below.code)
                below.parentCode = below.parentCode.map { code + $0.dropFirst(child.code.count) }
                below.code = code + below.code.dropFirst(child.code.count)
                saved.append(below)
            }
            notes.append("\(child.code) '\(child.name)' → \(code)")
        }
        guard !saved.isEmpty else { throw .nothingToDo("the children of \(parent) are already numbered in reading order") }
        let kept = Set(removed)
        for unit in saved where units[unit.code] != nil && !kept.contains(unit.code) { throw .codeTaken(unit.code) }
        notes.append(Self.rosterNote(removed))
        return EditOutcome(operation: "renumber", summary: "renumber the \(tier.rawValue)s of \(parent) in reading order (\(notes.count - 1) changed)",
                           removed: removed, saved: saved, notes: notes)
    }
}
