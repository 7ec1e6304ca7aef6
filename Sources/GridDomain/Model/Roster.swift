import Foundation

/// A grid worker's assignment to a unit for a period.
public struct RosterEntry: Sendable, Equatable, Codable {
    /// 网格长 (leader), 专职网格员 (full-time), 兼职网格员 (part-time: property staff, volunteers, riders).
    public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
        case leader
        case fulltime
        case parttime

        /// The order workers are listed in an answer.
        var rank: Int {
            switch self {
            case .leader: 0
            case .fulltime: 1
            case .parttime: 2
            }
        }

        public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    }

    public var workerId: String
    public var name: String
    public var phone: String
    public var role: Role
    public var unitCode: String
    /// Inclusive start; nil means since always.
    public var validFrom: Date?
    /// Exclusive end; nil means still serving.
    public var validTo: Date?

    public init(workerId: String, name: String, phone: String, role: Role, unitCode: String,
                validFrom: Date? = nil, validTo: Date? = nil) {
        self.workerId = workerId
        self.name = name
        self.phone = phone
        self.role = role
        self.unitCode = unitCode
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(at t: Date) -> Bool {
        if let from = validFrom, t < from { return false }
        if let to = validTo, t >= to { return false }
        return true
    }
}

/// Every roster entry, grouped by unit code for lookups.
public struct Roster: Sendable {
    private let byUnit: [String: [RosterEntry]]
    /// Every distinct start and end date, ascending: between two of them no answer changes.
    private let changes: [Date]
    /// The same, per unit.
    private let changesByUnit: [String: [Date]]

    public init(_ entries: [RosterEntry]) {
        byUnit = Dictionary(grouping: entries, by: \.unitCode)
        changes = Self.dates(entries)
        changesByUnit = byUnit.mapValues(Self.dates)
    }

    private static func dates(_ entries: [RosterEntry]) -> [Date] {
        Set(entries.flatMap { [$0.validFrom, $0.validTo].compactMap { $0 } }).sorted()
    }

    /// The number of start or end dates at or before `t`. Two moments with the same period get
    /// the same workers for every unit, so a batch with many distinct moments asks the roster
    /// once per period instead of once per moment.
    public func period(of t: Date) -> Int {
        Self.count(changes, atOrBefore: t)
    }

    /// The same for one unit's own dates: two moments with the same period get the same
    /// workers for that unit, however many other units changed between them.
    public func period(of t: Date, unit unitCode: String) -> Int {
        Self.count(changesByUnit[unitCode] ?? [], atOrBefore: t)
    }

    private static func count(_ dates: [Date], atOrBefore t: Date) -> Int {
        var low = 0, high = dates.count
        while low < high {
            let mid = (low + high) / 2
            if dates[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The workers serving `unitCode` at `t`: leader first, then full-time, then part-time, each by id.
    public func workers(of unitCode: String, at t: Date) -> [RosterEntry] {
        (byUnit[unitCode] ?? [])
            .filter { $0.isValid(at: t) }
            .sorted { ($0.role, $0.workerId) < ($1.role, $1.workerId) }
    }

    /// The one worker a report is routed to: the first full-time worker, else the leader, else a part-timer.
    public func responsible(for unitCode: String, at t: Date) -> RosterEntry? {
        Self.responsible(among: workers(of: unitCode, at: t))
    }

    /// The same rule applied to a list already from ``workers(of:at:)``.
    public static func responsible(among serving: [RosterEntry]) -> RosterEntry? {
        serving.first { $0.role == .fulltime } ?? serving.first { $0.role == .leader } ?? serving.first
    }

    public var count: Int { byUnit.values.reduce(0) { $0 + $1.count } }

    /// Every assignment of one worker, any unit, any period.
    public func entries(ofWorker workerId: String) -> [RosterEntry] {
        byUnit.values.flatMap { $0.filter { $0.workerId == workerId } }
    }
}
