/// Units ordered by one density measure: "which grids carry the most households per worker".
public struct DensityRanking: Codable, Sendable, Equatable {
    public enum Order: String, Codable, Sendable, CaseIterable {
        case asc
        case desc

        /// The order named in a request (`asc`/`ascending`, `desc`/`descending`).
        public static func query(_ text: String) throws(QueryError) -> Order {
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "asc", "ascending": return .asc
            case "desc", "descending": return .desc
            default: throw .badParameter(name: "order", reason: "'\(text)' is not an order: use asc or desc")
            }
        }
    }

    public struct Entry: Codable, Sendable, Equatable {
        /// 1 for the first; ties are broken by code, so every rank is distinct.
        public var rank: Int
        public var code: String
        public var name: String
        public var value: Double
    }

    public var generation: String
    public var tier: String
    public var at: String
    public var measure: String
    public var order: Order
    /// Units whose measure is unknown or undefined (no household figure, no worker), left out.
    public var unranked: Int
    public var units: [Entry]
}

extension DensityTable {
    /// The rows ordered by `measure`, at most `limit` of them (nil: all).
    public func ranking(by measure: DensityMeasure, order: DensityRanking.Order = .desc,
                        limit: Int? = nil) throws(QueryError) -> DensityRanking {
        if let limit, limit < 1 { throw .badParameter(name: "limit", reason: "must be 1 or more, got \(limit)") }
        let valued = rows.compactMap { row in measure.value(in: row).map { (row: row, value: $0) } }
        let sorted = valued.sorted { a, b in
            if a.value != b.value { return order == .desc ? a.value > b.value : a.value < b.value }
            return a.row.code < b.row.code
        }
        let kept = sorted.prefix(limit ?? sorted.count)
        return DensityRanking(
            generation: generation, tier: tier, at: at, measure: measure.rawValue, order: order,
            unranked: rows.count - valued.count,
            units: kept.enumerated().map { DensityRanking.Entry(rank: $0.offset + 1, code: $0.element.row.code,
                                                                name: $0.element.row.name, value: $0.element.value) })
    }
}
