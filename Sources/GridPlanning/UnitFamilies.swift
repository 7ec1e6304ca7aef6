import GridDomain

/// A generation's units grouped by parent: each family is one parent and the children that
/// must cover it, the unit of work of a topology check (and of parallel work).
///
/// Units are referred to by index, since codes may be duplicated. A unit whose parent is missing
/// or sits on the wrong tier, and every district, goes to the roots of its tier: roots are
/// checked for their own shape and against each other, never against a parent.
struct UnitFamilies {
    struct Family {
        /// Index of the parent unit; nil for the roots of a tier.
        var parent: Int?
        /// The children's tier.
        var tier: Tier
        var children: [Int]
    }

    let families: [Family]
    /// The index of the first unit holding each code.
    let firstByCode: [String: Int]

    init(_ units: [AreaUnit]) {
        var first: [String: Int] = [:]
        for (i, unit) in units.enumerated() where first[unit.code] == nil { first[unit.code] = i }
        var byParent: [Int: [Int]] = [:]
        var roots: [Tier: [Int]] = [:]
        for (i, unit) in units.enumerated() {
            if let parentCode = unit.parentCode, let p = first[parentCode], p != i, units[p].tier == unit.tier.parent {
                byParent[p, default: []].append(i)
            } else {
                roots[unit.tier, default: []].append(i)
            }
        }
        var families = byParent.map { Family(parent: $0.key, tier: units[$0.value[0]].tier, children: $0.value) }
        families += roots.map { Family(parent: nil, tier: $0.key, children: $0.value) }
        self.families = families
        firstByCode = first
    }
}
