import GridDomain
import GridGeometry

/// A unit found by what a user types into a search box: a code or part of a name.
public struct UnitMatch: Encodable, Sendable, Equatable {
    public var unit: UnitSummary
    /// The parent's name: "第3网格" alone says little among 19,000 grids.
    public var parentName: String?
    /// `[west, south, east, north]`, for a map to zoom to.
    public var bbox: [Double]

    enum Keys: String, CodingKey { case parentName = "parent_name", bbox }

    public func encode(to encoder: Encoder) throws {
        try unit.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(parentName, forKey: .parentName)
        try container.encode(bbox, forKey: .bbox)
    }
}

extension GenerationView {
    /// Units whose code starts with `text` or whose name contains it (case-insensitive), best
    /// first: the exact code, then code prefixes (shorter codes first: a community before its
    /// grids), then names starting with the text, then names containing it; ties in tier and code
    /// order. `tier` narrows to one tier.
    public func search(_ text: String, tier: Tier? = nil, limit: Int = 20) -> [UnitMatch] {
        let needle = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty, limit > 0 else { return [] }
        var ranked: [(rank: Int, id: Int32)] = []
        for index in units.indices {
            let unit = units[index]
            if let tier, unit.tier != tier { continue }
            let name = unit.name.lowercased()
            let rank: Int
            if unit.code == needle { rank = 0 }
            else if unit.code.hasPrefix(needle) { rank = 1 }
            else if name.hasPrefix(needle) { rank = 2 }
            else if name.contains(needle) { rank = 3 }
            else { continue }
            ranked.append((rank, Int32(index)))
        }
        ranked.sort { a, b in
            let ua = units[Int(a.id)], ub = units[Int(b.id)]
            if a.rank != b.rank { return a.rank < b.rank }
            if ua.tier.depth != ub.tier.depth { return ua.tier.depth < ub.tier.depth }
            return ua.code < ub.code
        }
        return ranked.prefix(limit).map { match in
            let unit = units[Int(match.id)]
            let box = bounds[Int(match.id)]
            let parent = unit.parentCode.flatMap { try? id(of: $0) }.map { units[Int($0)].name }
            return UnitMatch(unit: summary(match.id), parentName: parent, bbox: [box.minLon, box.minLat, box.maxLon, box.maxLat])
        }
    }
}
