import Foundation
import GridDomain
import GridGeometry

/// A stored report's position (WGS84, as stored) and time: what relocation and balance need.
public struct ReportPoint: Sendable, Equatable {
    public var id: Int64
    public var position: LonLat
    public var requestedAt: Date?

    public init(id: Int64, position: LonLat, requestedAt: Date? = nil) {
        self.id = id
        self.position = position
        self.requestedAt = requestedAt
    }
}

/// Reports that would land in another unit of a tier under the new boundaries than under the
/// old, counted by (from, to) pair with a few report ids per pair for a planner to open.
public struct ReportMoves: Codable, Sendable, Equatable {
    public struct Pair: Codable, Sendable, Equatable {
        /// The unit under the old boundaries; null when the report fell outside every one.
        public var from: String?
        /// The unit under the new boundaries; null when it falls outside every one.
        public var to: String?
        public var count: Int
        /// Up to the requested number of report ids, ascending.
        public var sampleIds: [Int64]

        enum CodingKeys: String, CodingKey {
            case from, to, count
            case sampleIds = "sample_ids"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(count, forKey: .count)
            try c.encode(sampleIds, forKey: .sampleIds)
        }
    }

    public var tier: Tier
    public var reportsChecked: Int
    public var relocated: Int
    /// Largest count first.
    public var pairs: [Pair]

    enum CodingKeys: String, CodingKey {
        case tier, relocated, pairs
        case reportsChecked = "reports_checked"
    }

    /// Locates every report with both Locators (pure Swift, batched over the cores).
    public init(reports: [ReportPoint], old: Locator, new: Locator, tier: Tier = .grid, samplesPerPair: Int = 10) {
        let points = reports.map(\.position)
        let before = old.locate(points), after = new.locate(points)
        struct Key: Hashable { var from: Int32; var to: Int32 }
        var counts: [Key: (count: Int, samples: [Int64])] = [:]
        var relocated = 0
        for k in reports.indices {
            let a = before[k][tier], b = after[k][tier]
            let from = a >= 0 ? old.units[Int(a)].code : nil
            let to = b >= 0 ? new.units[Int(b)].code : nil
            guard from != to else { continue }
            relocated += 1
            counts[Key(from: a, to: b), default: (0, [])].count += 1
            counts[Key(from: a, to: b)]!.samples.append(reports[k].id)
        }
        pairs = counts.map { key, value in
            Pair(from: key.from >= 0 ? old.units[Int(key.from)].code : nil, to: key.to >= 0 ? new.units[Int(key.to)].code : nil,
                 count: value.count, sampleIds: Array(value.samples.sorted().prefix(max(0, samplesPerPair))))
        }
        .sorted { ($1.count, $0.from ?? "", $0.to ?? "") < ($0.count, $1.from ?? "", $1.to ?? "") }
        self.tier = tier
        reportsChecked = reports.count
        self.relocated = relocated
    }

    /// The number of reports moving from `from` to `to` (0 when none).
    public func count(from: String?, to: String?) -> Int {
        pairs.first { $0.from == from && $0.to == to }?.count ?? 0
    }
}

/// Reports per unit of a tier under one generation's boundaries.
public enum ReportTally {
    public static func counts(_ reports: [ReportPoint], locator: Locator, tier: Tier = .grid) -> [String: Int] {
        var byId: [Int32: Int] = [:]
        for location in locator.locate(reports.map(\.position)) where location[tier] >= 0 { byId[location[tier], default: 0] += 1 }
        return Dictionary(uniqueKeysWithValues: byId.map { (locator.units[Int($0.key)].code, $0.value) })
    }
}
