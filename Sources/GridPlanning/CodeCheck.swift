import GridDomain

/// The code rules of a generation, all errors: each code fits its tier (GB/T 2260 and the
/// statistical and unit-grid code lengths), is held by one unit only, and extends the code of a
/// parent that exists one tier up. Plain Swift: no shapes involved.
struct CodeCheck {
    /// The problems, each with the index of the unit it belongs to (for its location).
    func problems(_ units: [AreaUnit], families: UnitFamilies) -> [(unit: Int, problem: TopologyProblem)] {
        var out: [(unit: Int, problem: TopologyProblem)] = []
        func add(_ i: Int, _ kind: TopologyProblem.Kind, _ codes: [String], _ message: String) {
            out.append((unit: i, problem: TopologyProblem(kind: kind, severity: .error, tier: units[i].tier, codes: codes, message: message)))
        }
        var fitsTier = Set<Int>()
        for (i, unit) in units.enumerated() {
            do {
                try UnitCode.check(unit.code, declared: unit.tier)
                fitsTier.insert(i)
            } catch {
                add(i, .codeTier, [unit.code], "\(unit.tier.rawValue) \(unit.code): \(error.description)")
            }
        }

        // One problem per duplicated code, naming how many units hold it.
        var holders: [String: [Int]] = [:]
        for (i, unit) in units.enumerated() { holders[unit.code, default: []].append(i) }
        for (code, indices) in holders where indices.count > 1 {
            let tiers = Set(indices.map { units[$0].tier.rawValue }).sorted().joined(separator: ", ")
            add(indices[1], .codeDuplicate, [code],
                "code \(code) is held by \(indices.count) units (\(tiers)); each unit needs a code of its own")
        }

        for (i, unit) in units.enumerated() {
            let parentCode = unit.parentCode.flatMap { $0.isEmpty ? nil : $0 }
            guard let expected = unit.tier.parent else {
                if let parentCode {
                    add(i, .parentTier, [unit.code, parentCode], "district \(unit.code) has no parent, but '\(parentCode)' is given")
                }
                continue
            }
            guard let parentCode else {
                add(i, .missingParent, [unit.code], "\(unit.tier.rawValue) \(unit.code) has no parent; a \(unit.tier.rawValue) needs a \(expected.rawValue)")
                continue
            }
            guard let p = families.firstByCode[parentCode], p != i else {
                add(i, .missingParent, [unit.code, parentCode],
                    "\(unit.tier.rawValue) \(unit.code): parent \(parentCode) is not in this generation")
                continue
            }
            let parent = units[p]
            guard parent.tier == expected else {
                add(i, .parentTier, [unit.code, parentCode],
                    "\(unit.tier.rawValue) \(unit.code): parent \(parentCode) is a \(parent.tier.rawValue), but a \(unit.tier.rawValue)'s parent must be a \(expected.rawValue)")
                continue
            }
            // A code of the wrong length is already reported; its prefix would only repeat that.
            if fitsTier.contains(i), !unit.code.hasPrefix(parentCode) {
                add(i, .codePrefix, [unit.code, parentCode],
                    "\(unit.tier.rawValue) \(unit.code) does not start with its parent's code \(parentCode) (expected \(parentCode)…)")
            }
        }
        return out
    }
}
