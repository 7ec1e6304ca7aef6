import Foundation
import GridDomain
import GridStore

/// Reports per unit of one tier in a window: count, count per km², and the trend against the
/// period of the same length just before.
///
/// Every unit of the generation's tier is listed, with 0 where nothing was reported. Reports filed
/// under a code the generation does not have (filed under older boundaries) are summed in
/// `unmatched`; reports with no unit of the tier (outside coverage) in `without_unit`. So
/// `total = Σ rows.count + unmatched.count + without_unit.count`, and the same for the previous period.
public struct ReportDensity: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var count: Int
        /// Geodesic area of the unit in the generation used, km².
        public var areaKm2: Double
        /// Nil for a unit of no area.
        public var perKm2: Double?
        public var previousCount: Int
        /// `count - previous_count`.
        public var change: Int
        /// `change / previous_count × 100`; nil when the previous count is 0.
        public var changePct: Double?

        enum CodingKeys: String, CodingKey {
            case code, name, count, change
            case areaKm2 = "area_km2"
            case perKm2 = "per_km2"
            case previousCount = "previous_count"
            case changePct = "change_pct"
        }
    }

    /// Reports counted outside the listed units.
    public struct Remainder: Codable, Sendable, Equatable {
        public var count: Int
        public var previousCount: Int
        /// How many distinct codes (for `unmatched`); nil for `without_unit`.
        public var codes: Int?

        enum CodingKeys: String, CodingKey {
            case count, codes
            case previousCount = "previous_count"
        }
    }

    public var generation: String
    public var tier: String
    public var from: String
    public var to: String
    public var previousFrom: String
    public var total: Int
    public var previousTotal: Int
    public var change: Int
    public var changePct: Double?
    public var unmatched: Remainder
    public var withoutUnit: Remainder
    /// One row per unit of the tier, in code order.
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case generation, tier, from, to, total, change, unmatched, rows
        case previousFrom = "previous_from"
        case previousTotal = "previous_total"
        case changePct = "change_pct"
        case withoutUnit = "without_unit"
    }

    /// The figures from the store's counts, laid over the units of `view`.
    public init(counts: ReportCounts, view: GenerationView, tier: Tier, window: FigureWindow) {
        generation = view.generationName
        self.tier = tier.rawValue
        from = Dates.format(window.from)
        to = Dates.format(window.to)
        previousFrom = Dates.format(window.previousFrom)
        let ids = view.ids(of: tier)
        var listed = Set<String>()
        listed.reserveCapacity(ids.count)
        rows = ids.map { id in
            let unit = view.unit(id)
            listed.insert(unit.code)
            let count = counts.byCode[unit.code] ?? PeriodCount()
            let km2 = view.areas[Int(id)] / 1e6
            return Row(code: unit.code, name: unit.name, count: count.current, areaKm2: km2,
                       perKm2: km2 > 0 ? Double(count.current) / km2 : nil, previousCount: count.previous,
                       change: count.current - count.previous, changePct: Self.percent(count))
        }
        var other = PeriodCount()
        var codes = 0
        for (code, count) in counts.byCode where !listed.contains(code) {
            other = other + count
            codes += 1
        }
        unmatched = Remainder(count: other.current, previousCount: other.previous, codes: codes)
        withoutUnit = Remainder(count: counts.withoutCode.current, previousCount: counts.withoutCode.previous, codes: nil)
        let all = counts.byCode.values.reduce(counts.withoutCode, +)
        total = all.current
        previousTotal = all.previous
        change = all.current - all.previous
        changePct = Self.percent(all)
    }

    static func percent(_ count: PeriodCount) -> Double? {
        count.previous > 0 ? Double(count.current - count.previous) / Double(count.previous) * 100 : nil
    }
}
