import Foundation
import GridDomain
import GridGeometry

/// Applies one ``UnitEdit`` to a draft's units and says what changes, without storing anything.
///
/// Every edit keeps its tier tiled where the outcome is unambiguous: a split's pieces share the
/// cut exactly, a merge dissolves shared edges, a replaced boundary takes area from the siblings
/// it now covers and gives what it leaves to the one sibling bordering it. Vertices an overlay adds
/// on a neighbour's edge are inserted into that edge too (``SharedVertices``). What cannot be
/// decided (a gap bordered by several siblings) is left as it is and said in a note; validation
/// then lists it and a repair or another edit settles it.
///
/// GEOS is used through a context of the editor's own, on the caller's thread.
public struct DraftEditor {
    public let units: DraftUnits
    /// Area in m² a new boundary may reach outside its parent before the edit is refused.
    public var toleranceM2: Double

    public init(units: [AreaUnit], toleranceM2: Double = 1.0) {
        self.units = DraftUnits(units)
        self.toleranceM2 = toleranceM2
    }

    public func apply(_ edit: UnitEdit) throws(EditError) -> EditOutcome {
        switch edit {
        case .replace(let code, let geometry, let adjust): try replace(code, with: geometry, adjustNeighbours: adjust)
        case .split(let code, let line, let codes, let names): try split(code, along: line, codes: codes, names: names)
        case .merge(let codes, let into): try merge(codes, into: into)
        case .move(let code, let parent, let newCode): try move(code, to: parent, newCode: newCode)
        case .renumber(let code, let newCode): try renumber(code, to: newCode)
        case .renumberChildren(let parent): try renumberChildren(of: parent)
        case .set(let code, let name, let households, let population):
            try set(code, name: name, households: households, population: population)
        }
    }

    // MARK: Codes and base data

    func renumber(_ code: String, to newCode: String) throws(EditError) -> EditOutcome {
        let unit = try units.require(code)
        guard newCode != code else { throw .nothingToDo("\(code) already has that code") }
        try units.checkNewCode(newCode, tier: unit.tier, parent: unit.parentCode)
        let moved = try units.recoded(unit, to: newCode, parent: unit.parentCode)
        var notes = ["\(code) is now \(newCode)"]
        if moved.count > 1 { notes.append("\(moved.count - 1) unit\(moved.count == 2 ? "" : "s") below it re-coded with the new prefix") }
        notes.append(Self.rosterNote(moved.count == 1 ? [code] : [code] + units.descendants(of: code).map(\.code)))
        return EditOutcome(operation: "renumber", summary: "renumber \(code) to \(newCode)",
                           removed: [code] + units.descendants(of: code).map(\.code), saved: moved, notes: notes)
    }

    func move(_ code: String, to parent: String, newCode: String?) throws(EditError) -> EditOutcome {
        let unit = try units.require(code)
        let newParent = try units.require(parent)
        guard newParent.tier == unit.tier.parent else { throw .wrongParentTier(code: code, parent: parent) }
        guard parent != unit.parentCode else { throw .nothingToDo("\(code) is already under \(parent)") }
        let target: String
        if let newCode {
            try units.checkNewCode(newCode, tier: unit.tier, parent: parent)
            target = newCode
        } else {
            target = try units.nextCode(under: parent, tier: unit.tier)
        }
        let moved = try units.recoded(unit, to: target, parent: parent)
        var notes = ["\(code) moved from \(unit.parentCode ?? "-") to \(parent) as \(target)"]
        let outside = try Self.areaOutside(unit.geometry, newParent.geometry)
        if outside > toleranceM2 {
            notes.append("it lies \(Self.m2(outside)) outside \(parent): move the boundaries too before publishing (validation lists it as a spill)")
        }
        let old = [code] + units.descendants(of: code).map(\.code)
        notes.append(Self.rosterNote(old))
        return EditOutcome(operation: "move", summary: "move \(code) to \(parent) as \(target)", removed: old, saved: moved, notes: notes)
    }

    func set(_ code: String, name: String?, households: Int??, population: Int??) throws(EditError) -> EditOutcome {
        var unit = try units.require(code)
        var notes: [String] = []
        if let name {
            let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw .badCode(code: code, reason: "a unit needs a non-empty name") }
            if let problem = TextRule.name.problem(with: trimmed) { throw .badCode(code: code, reason: "the name \(problem)") }
            if trimmed != unit.name { notes.append("name '\(unit.name)' → '\(trimmed)'") }
            unit.name = trimmed
        }
        for (label, value, keyPath) in [("households", households, \AreaUnit.households), ("population", population, \AreaUnit.population)] {
            guard let value else { continue }
            if let number = value, number < 0 { throw .badCode(code: code, reason: "\(label) cannot be negative (\(number))") }
            if unit[keyPath: keyPath] != value {
                notes.append("\(label) \(unit[keyPath: keyPath].map(String.init) ?? "unknown") → \(value.map(String.init) ?? "unknown")")
            }
            unit[keyPath: keyPath] = value
        }
        guard !notes.isEmpty else { throw .nothingToDo("\(code) already has those values") }
        return EditOutcome(operation: "set", summary: "set \(code): \(notes.joined(separator: "; "))", saved: [unit], notes: notes)
    }

    // MARK: Shared helpers

    /// Runs GEOS work: edit errors pass through, GEOS's own become ``EditError/geos(_:)``.
    static func geosWork<T>(_ body: () throws -> T) throws(EditError) -> T {
        do { return try body() } catch let error as EditError { throw error } catch let error as GEOSError {
            throw .geos(error.message)
        } catch {
            throw .geos("\(error)")
        }
    }

    static func rosterNote(_ codes: [String]) -> String {
        "roster entries naming \(codes.prefix(3).joined(separator: ", "))\(codes.count > 3 ? " and \(codes.count - 3) more" : "") keep the old code: assign the workers to the new units before publishing"
    }

    static func m2(_ value: Double) -> String {
        value >= 100 ? "\(Int(value.rounded())) m²" : "\((value * 100).rounded() / 100) m²"
    }

    static func area(_ shape: MultiPolygon) -> Double { Geodesic.wgs84.area(shape) }

    /// Area of `shape` outside `outer`, in m².
    static func areaOutside(_ shape: MultiPolygon, _ outer: MultiPolygon) throws(EditError) -> Double {
        let geos = GEOSContext()
        return try geosWork { area(geos.polygons(of: try geos.difference(try geos.geometry(shape), try geos.geometry(outer)))) }
    }

    /// Units of `tier` (any parent) whose boxes meet `box`: the candidates to share an edge.
    func sameTier(_ tier: Tier, near box: BoundingBox, excluding: Set<String>) -> [AreaUnit] {
        units.byCode.values.filter { $0.tier == tier && !excluding.contains($0.code) && $0.geometry.bounds.intersects(box) }
            .sorted { $0.code < $1.code }
    }

    /// Inserts the changed shapes' vertices into every same-tier neighbour's edges and the other
    /// way round; neighbours that gain a vertex join the outcome. Returns the number inserted.
    func keepEdgesShared(_ changed: inout [String: AreaUnit], tier: Tier) -> Int {
        var total = 0
        let changedCodes = Array(changed.keys).sorted()
        for code in changedCodes {
            guard var shape = changed[code]?.geometry else { continue }
            let others = changedCodes.filter { $0 != code }.compactMap { changed[$0] }
                + sameTier(tier, near: shape.bounds, excluding: Set(changedCodes))
            for var other in others where other.geometry.bounds.intersects(shape.bounds) {
                let (a, b, inserted) = SharedVertices.reconcile(shape, other.geometry)
                guard inserted > 0 else { continue }
                total += inserted
                shape = a
                other.geometry = b
                changed[other.code] = other
            }
            changed[code]?.geometry = shape
        }
        return total
    }
}
