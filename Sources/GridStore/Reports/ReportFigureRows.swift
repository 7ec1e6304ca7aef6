import Foundation
import GridDomain

// Rows the figure queries answer with: plain sums, as SQLite computed them. What they mean (rates,
// per km², trends) is decided in GridAtlas, which knows the units and the catalogue.

/// Reports in a window and in the period of the same length just before it.
public struct PeriodCount: Sendable, Equatable {
    public var current: Int
    public var previous: Int

    public init(current: Int = 0, previous: Int = 0) {
        self.current = current
        self.previous = previous
    }

    public static func + (a: PeriodCount, b: PeriodCount) -> PeriodCount {
        PeriodCount(current: a.current + b.current, previous: a.previous + b.previous)
    }
}

/// Counts by the code of one tier, and the reports filed with no unit of that tier (outside
/// coverage, in a gap, or in a grid without micro-areas).
public struct ReportCounts: Sendable, Equatable {
    public var byCode: [String: PeriodCount] = [:]
    public var withoutCode = PeriodCount()

    public init() {}
}

/// One worker's reports: the name on the newest of them, how many, how many are still open.
public struct WorkerCount: Sendable, Equatable {
    /// Nil for reports no worker was responsible for (manual dispatch).
    public var workerId: String?
    public var name: String?
    public var reports: Int
    public var open: Int

    public init(workerId: String?, name: String?, reports: Int, open: Int) {
        self.workerId = workerId
        self.name = name
        self.reports = reports
        self.open = open
    }
}

/// How the cases of one unit or department stand: the sums the performance rates are made of.
public struct CaseTally: Sendable, Equatable {
    /// The unit code or department code; nil for reports with no unit of the tier asked.
    public var key: String?
    public var reports = 0
    public var rejected = 0
    public var closed = 0
    /// Closed with `closed_at <= expected_at`.
    public var closedOnTime = 0
    /// Sum over closed cases of `closed_at - requested_at`, seconds.
    public var handlingSeconds = 0.0
    /// Neither closed nor rejected.
    public var open = 0
    /// Open with `expected_at` before the moment asked.
    public var overdue = 0

    public init(key: String?) { self.key = key }

    public static func + (a: CaseTally, b: CaseTally) -> CaseTally {
        var sum = a
        sum.reports += b.reports
        sum.rejected += b.rejected
        sum.closed += b.closed
        sum.closedOnTime += b.closedOnTime
        sum.handlingSeconds += b.handlingSeconds
        sum.open += b.open
        sum.overdue += b.overdue
        return sum
    }
}

/// A closed case as a spot check lists it.
public struct ClosedCase: Sendable, Equatable {
    public var id: Int64
    public var communityCode: String?
    public var gridCode: String?
    public var matterCode: String
    public var department: String
    public var workerId: String?
    public var workerName: String?
    public var requestedAt: Date
    public var expectedAt: Date
    public var closedAt: Date

    public init(id: Int64, communityCode: String?, gridCode: String?, matterCode: String, department: String, workerId: String?,
                workerName: String?, requestedAt: Date, expectedAt: Date, closedAt: Date) {
        self.id = id
        self.communityCode = communityCode
        self.gridCode = gridCode
        self.matterCode = matterCode
        self.department = department
        self.workerId = workerId
        self.workerName = workerName
        self.requestedAt = requestedAt
        self.expectedAt = expectedAt
        self.closedAt = closedAt
    }
}

/// What performance figures are grouped by: the unit code of a tier, or the handling department.
public enum CaseTallyKey: Sendable, Equatable {
    case unit(Tier)
    case department

    var column: String {
        switch self {
        case .unit(let tier): ReportColumns.code(of: tier)
        case .department: "department"
        }
    }
}

/// A report's id and WGS84 position.
public struct ReportPosition: Sendable, Equatable {
    public var id: Int64
    public var lon: Double
    public var lat: Double

    public init(id: Int64, lon: Double, lat: Double) {
        self.id = id
        self.lon = lon
        self.lat = lat
    }
}
