import Foundation
import GridDomain
import GridStore

/// The weekly spot check (每周抽查): a few cases per community drawn at random among those closed in
/// an ISO week, for supervisors to verify on the ground or by phone.
///
/// Reproducible: the draw depends only on the seed and on the closed cases, taken in id order, so
/// the same seed over the same store gives the same sample (a supervisor can show how it was drawn),
/// and another seed another sample. Each community draws from its own stream (seed mixed with a
/// stable hash of its code), so a case closed late in one community leaves the others' samples as
/// they were. Cases whose report had no community (outside coverage) are counted, not drawn.
public struct SpotCheck: Codable, Sendable, Equatable {
    public struct Case: Codable, Sendable, Equatable {
        public var id: Int64
        public var matterCode: String
        public var department: String
        public var gridCode: String?
        public var workerId: String?
        public var workerName: String?
        public var requestedAt: String
        public var expectedAt: String
        public var closedAt: String
        public var onTime: Bool
        public var handlingHours: Double

        enum CodingKeys: String, CodingKey {
            case id, department
            case matterCode = "matter_code"
            case gridCode = "grid_code"
            case workerId = "worker_id"
            case workerName = "worker_name"
            case requestedAt = "requested_at"
            case expectedAt = "expected_at"
            case closedAt = "closed_at"
            case onTime = "on_time"
            case handlingHours = "handling_hours"
        }

        init(_ c: ClosedCase) {
            id = c.id
            matterCode = c.matterCode
            department = c.department
            gridCode = c.gridCode
            workerId = c.workerId
            workerName = c.workerName
            requestedAt = Dates.format(c.requestedAt)
            expectedAt = Dates.format(c.expectedAt)
            closedAt = Dates.format(c.closedAt)
            onTime = c.closedAt <= c.expectedAt
            handlingHours = c.closedAt.timeIntervalSince(c.requestedAt) / 3600
        }
    }

    public struct Community: Codable, Sendable, Equatable {
        public var code: String
        /// Nil for a community the generation does not have (cases filed under older boundaries).
        public var name: String?
        /// Cases closed in the week: what the sample is drawn from.
        public var closed: Int
        /// At most `per_community` cases, in id order.
        public var sample: [Case]
    }

    /// `2026-W47`.
    public var week: String
    public var from: String
    public var to: String
    public var seed: UInt64
    public var perCommunity: Int
    public var generation: String
    public var closed: Int
    public var sampled: Int
    /// Closed cases with no community: not drawn.
    public var withoutCommunity: Int
    /// Every community of the generation (those with nothing closed too), then any other community
    /// code holding closed cases, by code.
    public var communities: [Community]

    enum CodingKeys: String, CodingKey {
        case week, from, to, seed, generation, closed, sampled, communities
        case perCommunity = "per_community"
        case withoutCommunity = "without_community"
    }

    /// Seeds larger than this do not survive a trip through JSON numbers (JavaScript's doubles).
    public static let maxSeed: UInt64 = (1 << 53) - 1

    /// Draws the sample from `cases` (the week's closed cases, any order: they are put in id order).
    public init(cases: [ClosedCase], week: ISOWeek, seed: UInt64, perCommunity: Int, view: GenerationView) {
        self.week = week.description
        from = Dates.format(week.start)
        to = Dates.format(week.end)
        self.seed = seed
        self.perCommunity = perCommunity
        generation = view.generationName
        closed = cases.count
        var byCommunity: [String: [ClosedCase]] = [:]
        withoutCommunity = 0
        for c in cases.sorted(by: { $0.id < $1.id }) {
            if let community = c.communityCode { byCommunity[community, default: []].append(c) } else { withoutCommunity += 1 }
        }
        var listed = Set<String>()
        var communities: [Community] = view.ids(of: .community).map { id in
            let unit = view.unit(id)
            listed.insert(unit.code)
            return Self.draw(byCommunity[unit.code] ?? [], code: unit.code, name: unit.name, seed: seed, count: perCommunity)
        }
        for code in byCommunity.keys.filter({ !listed.contains($0) }).sorted() {
            communities.append(Self.draw(byCommunity[code]!, code: code, name: nil, seed: seed, count: perCommunity))
        }
        self.communities = communities
        sampled = communities.reduce(0) { $0 + $1.sample.count }
    }

    /// `count` cases of `candidates` (in id order) by a partial Fisher-Yates shuffle, listed by id.
    static func draw(_ candidates: [ClosedCase], code: String, name: String?, seed: UInt64, count: Int) -> Community {
        var pool = candidates
        var rng = SplitMix64(seed: seed ^ SplitMix64.stableHash(code))
        let take = min(count, pool.count)
        for i in 0..<take {
            let j = i + Int(rng.next(below: UInt64(pool.count - i)))
            pool.swapAt(i, j)
        }
        let sample = pool.prefix(take).sorted { $0.id < $1.id }.map(Case.init)
        return Community(code: code, name: name, closed: candidates.count, sample: sample)
    }
}
