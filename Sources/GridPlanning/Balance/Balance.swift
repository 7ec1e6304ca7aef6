import GridDomain

/// One grid's load: households against the target range, reports in the window, and reports
/// per worker serving it.
public struct GridLoad: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var households: Int?
    /// `under`, `within` or `over` the range; `unknown` without a household figure.
    public var householdStatus: String
    public var reports: Int
    public var workers: Int
    /// Nil for a grid nobody serves.
    public var reportsPerWorker: Double?
    /// Above the workload threshold (``RobustSpread``).
    public var outlier: Bool

    enum CodingKeys: String, CodingKey {
        case code, name, households, reports, workers, outlier
        case householdStatus = "household_status"
        case reportsPerWorker = "reports_per_worker"
    }
}

/// The figures of one generation's balance.
public struct BalanceSummary: Codable, Sendable, Equatable {
    public var generation: String
    public var grids: Int
    public var under: Int
    public var within: Int
    public var over: Int
    public var unknown: Int
    public var reports: Int
    public var households: Distribution
    public var reportsPerGrid: Distribution
    public var reportsPerWorker: Distribution
    /// Reports per worker above which a grid is a workload outlier; nil when no grid is staffed.
    public var outlierThreshold: Double?
    /// Codes of the outliers, heaviest first.
    public var outliers: [String]
    /// Grids that nobody serves (at the roster moment), by code.
    public var unstaffed: [String]

    enum CodingKeys: String, CodingKey {
        case generation, grids, under, within, over, unknown, reports, households, outliers, unstaffed
        case reportsPerGrid = "reports_per_grid"
        case reportsPerWorker = "reports_per_worker"
        case outlierThreshold = "outlier_threshold"
    }
}

/// Households per grid against a target range and reports per worker over a window, for one
/// generation. Pure: the caller counts reports per grid (``ReportTally``) and workers per grid
/// (the roster at a moment).
public struct Balance: Sendable, Equatable {
    public var summary: BalanceSummary
    /// By code.
    public var rows: [GridLoad]

    public init(generation: String, grids: [AreaUnit], reports: [String: Int], workers: [String: Int],
                range: HouseholdRange = .standard) {
        var rows = grids.sorted { $0.code < $1.code }.map { grid -> GridLoad in
            let count = reports[grid.code] ?? 0, staff = workers[grid.code] ?? 0
            return GridLoad(code: grid.code, name: grid.name, households: grid.households,
                            householdStatus: grid.households.map(range.status) ?? "unknown", reports: count, workers: staff,
                            reportsPerWorker: staff > 0 ? Double(count) / Double(staff) : nil, outlier: false)
        }
        let loads = rows.compactMap(\.reportsPerWorker)
        let threshold = RobustSpread.highThreshold(loads)
        if let threshold {
            for k in rows.indices where (rows[k].reportsPerWorker ?? -1) > threshold { rows[k].outlier = true }
        }
        let outliers = rows.filter(\.outlier).sorted { ($1.reportsPerWorker ?? 0, $0.code) < ($0.reportsPerWorker ?? 0, $1.code) }
        func count(_ status: String) -> Int { rows.filter { $0.householdStatus == status }.count }
        summary = BalanceSummary(
            generation: generation, grids: rows.count, under: count("under"), within: count("within"), over: count("over"),
            unknown: count("unknown"), reports: rows.reduce(0) { $0 + $1.reports },
            households: Distribution(rows.compactMap { $0.households.map(Double.init) }),
            reportsPerGrid: Distribution(rows.map { Double($0.reports) }),
            reportsPerWorker: Distribution(loads), outlierThreshold: threshold.map { ($0 * 1000).rounded() / 1000 },
            outliers: outliers.map(\.code), unstaffed: rows.filter { $0.workers == 0 }.map(\.code))
        self.rows = rows
    }
}

/// Two generations' balance side by side: before (the base, usually in force) and after (the draft).
public struct BalanceComparison: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var code: String
        /// Nil when the grid is not in that generation.
        public var before: GridLoad?
        public var after: GridLoad?
    }

    public var range: HouseholdRange
    /// The report window, set by the caller that counted the reports.
    public var days: Int?
    public var reportsSince: String?
    public var reportsUntil: String?
    public var before: BalanceSummary
    public var after: BalanceSummary
    /// Every grid code of either side, ascending.
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case range, days, before, after, rows
        case reportsSince = "reports_since"
        case reportsUntil = "reports_until"
    }

    public init(range: HouseholdRange, before: Balance, after: Balance) {
        self.range = range
        self.before = before.summary
        self.after = after.summary
        let old = Dictionary(before.rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after.rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        rows = Set(old.keys).union(new.keys).sorted().map { Row(code: $0, before: old[$0], after: new[$0]) }
    }
}
