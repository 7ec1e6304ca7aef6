import GridDomain

/// The outcome of a ``TopologyCheck``: every problem, errors first, and a summary per tier and
/// kind. A generation with any error is not publishable; warnings are for the planner to judge.
public struct TopologyReport: Sendable, Equatable {
    public var tolerances: TopologyTolerances
    /// How many units were checked.
    public var unitCount: Int
    public var problems: [TopologyProblem]
    /// The generation's name, when the report is about a stored one.
    public var generation: String?

    public init(tolerances: TopologyTolerances, unitCount: Int, problems: [TopologyProblem], generation: String? = nil) {
        self.tolerances = tolerances
        self.unitCount = unitCount
        self.problems = problems
        self.generation = generation
    }

    public var errorCount: Int { problems.count(where: { $0.severity == .error }) }
    public var warningCount: Int { problems.count(where: { $0.severity == .warning }) }
    /// True when no error remains: what publishing a draft requires.
    public var isPublishable: Bool { errorCount == 0 }

    public var errors: [TopologyProblem] { problems.filter { $0.severity == .error } }

    /// One line of the summary: how many problems of one kind a tier has, and their total area.
    public struct SummaryRow: Sendable, Equatable {
        public var tier: Tier
        public var kind: TopologyProblem.Kind
        public var count: Int
        public var errors: Int
        public var warnings: Int
        /// The sum of the problems' areas in m², for areal kinds.
        public var areaM2: Double?
    }

    /// Rows by tier (top down) then kind, only where there are problems.
    public var summary: [SummaryRow] {
        var rows: [SummaryRow] = []
        let grouped = Dictionary(grouping: problems) { [$0.tier.rawValue, $0.kind.rawValue] }
        for tier in Tier.allCases {
            for kind in TopologyProblem.Kind.allCases {
                guard let group = grouped[[tier.rawValue, kind.rawValue]] else { continue }
                let errors = group.count(where: { $0.severity == .error })
                rows.append(SummaryRow(tier: tier, kind: kind, count: group.count, errors: errors, warnings: group.count - errors,
                                       areaM2: kind.isAreal ? group.reduce(0) { $0 + ($1.areaM2 ?? 0) } : nil))
            }
        }
        return rows
    }

    /// The same report with only one tier's problems (the summary follows).
    public func only(_ tier: Tier) -> TopologyReport {
        var copy = self
        copy.problems = problems.filter { $0.tier == tier }
        return copy
    }
}
