import GridDomain

/// A draft's units indexed the ways edits ask for them: by code, and the children of a parent.
/// A value: an edit works on its own copy and hands back an ``EditOutcome``.
public struct DraftUnits: Sendable {
    public private(set) var byCode: [String: AreaUnit]
    private var childCodes: [String: [String]]

    public init(_ units: [AreaUnit]) {
        var byCode: [String: AreaUnit] = [:]
        var childCodes: [String: [String]] = [:]
        for unit in units {
            byCode[unit.code] = unit
            if let parent = unit.parentCode { childCodes[parent, default: []].append(unit.code) }
        }
        self.byCode = byCode
        self.childCodes = childCodes.mapValues { $0.sorted() }
    }

    public subscript(code: String) -> AreaUnit? { byCode[code] }

    public func require(_ code: String) throws(EditError) -> AreaUnit {
        guard let unit = byCode[code] else { throw .unknownUnit(code) }
        return unit
    }

    public func children(of code: String) -> [AreaUnit] {
        (childCodes[code] ?? []).compactMap { byCode[$0] }
    }

    /// Units of the same tier under the same parent, the unit itself excluded.
    public func siblings(of unit: AreaUnit) -> [AreaUnit] {
        guard let parent = unit.parentCode else {
            return byCode.values.filter { $0.tier == unit.tier && $0.code != unit.code }.sorted { $0.code < $1.code }
        }
        return children(of: parent).filter { $0.code != unit.code && $0.tier == unit.tier }
    }

    /// Every unit below `code`, any depth, parents before children.
    public func descendants(of code: String) -> [AreaUnit] {
        var out: [AreaUnit] = []
        var queue = children(of: code)
        while !queue.isEmpty {
            let next = queue.removeFirst()
            out.append(next)
            queue += children(of: next.code)
        }
        return out
    }

    /// The next free code under `parent` for a child of `tier`: one past the highest sequence
    /// number in use, with as many digits as the tier's codes take there (a grid under a
    /// 12-digit community keeps the 3-digit form unless its siblings use the older 2-digit one).
    /// `reserved` holds codes an edit has already handed out.
    public func nextCode(under parent: String, tier: Tier, reserved: Set<String> = []) throws(EditError) -> String {
        let siblings = children(of: parent).filter { $0.tier == tier }.map(\.code)
        let lengths = tier.codeLengths.filter { $0 > parent.count }
        let length = siblings.first.map(\.count) ?? lengths.first ?? parent.count + 3
        let digits = length - parent.count
        let used = Set(siblings).union(reserved.filter { $0.count == length && $0.hasPrefix(parent) })
        let highest = used.compactMap { Int($0.dropFirst(parent.count)) }.max() ?? 0
        var next = highest + 1
        var limit = 1
        for _ in 0..<digits { limit *= 10 }
        while next < limit {
            let code = parent + String(repeating: "0", count: max(0, digits - String(next).count)) + String(next)
            if byCode[code] == nil && !used.contains(code) { return code }
            next += 1
        }
        throw .sequenceFull(parent: parent, digits: digits)
    }

    /// Checks that `code` can be given to a unit of `tier` under `parent`: digits, the tier's
    /// length, the parent's prefix, and not already in use (`allowing` is the unit's own code).
    public func checkNewCode(_ code: String, tier: Tier, parent: String?, allowing own: String? = nil) throws(EditError) {
        do { try UnitCode.check(code, declared: tier) } catch { throw .badCode(code: code, reason: error.description) }
        if let parent, !code.hasPrefix(parent) {
            throw .badCode(code: code, reason: "it must extend its parent's code \(parent)")
        }
        if code != own, byCode[code] != nil { throw .codeTaken(code) }
        // One code form per parent: a 14-digit grid among 15-digit siblings breaks the sequence.
        if let parent, let sibling = children(of: parent).first(where: { $0.tier == tier && $0.code != own }), sibling.code.count != code.count {
            throw .badCode(code: code, reason: "its siblings under \(parent) have \(sibling.code.count)-digit codes")
        }
    }

    /// `unit` and everything below it re-coded from `old` to `new` (the prefix swapped), each
    /// checked for a clash with codes outside the moved branch.
    public func recoded(_ unit: AreaUnit, to newCode: String, parent: String?) throws(EditError) -> [AreaUnit] {
        var moved = unit
        moved.code = newCode
        moved.parentCode = parent
        var out = [moved]
        let branch = Set([unit.code] + descendants(of: unit.code).map(\.code))
        for var child in descendants(of: unit.code) {
            let code = newCode + child.code.dropFirst(unit.code.count)
            if byCode[code] != nil && !branch.contains(code) { throw .codeTaken(code) }
            child.parentCode = child.parentCode.map { newCode + $0.dropFirst(unit.code.count) }
            child.code = code
            out.append(child)
        }
        return out
    }
}
