import Foundation

/// A named set of boundaries. Drafts can still change; a published generation is in force from
/// its effective date until the next published one starts, and is never altered or deleted,
/// so that an old report still resolves against the grids of its day.
public struct Generation: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case draft
        case published
    }

    /// What a user sees: `state` and the dates read against a moment.
    public enum Status: String, Sendable, Codable {
        case draft
        /// Published with an effective date still in the future.
        case scheduled
        /// In force now.
        case active
        /// Superseded: in force only for moments before its end.
        case retired
    }

    public var id: Int64
    public var name: String
    public var state: State
    public var effectiveFrom: Date?
    /// Set when a later generation is published: the moment that one takes over.
    public var effectiveTo: Date?
    public var createdAt: Date
    public var note: String?
    /// The generation a draft was started from (what its diff and balance compare against by default).
    public var basedOn: Int64?
    /// Changes recorded in the draft's change log so far; 0 for a generation never edited.
    public var revision: Int

    public init(id: Int64, name: String, state: State, effectiveFrom: Date? = nil, effectiveTo: Date? = nil,
                createdAt: Date, note: String? = nil, basedOn: Int64? = nil, revision: Int = 0) {
        self.id = id
        self.name = name
        self.state = state
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.createdAt = createdAt
        self.note = note
        self.basedOn = basedOn
        self.revision = revision
    }

    /// True when this generation answers lookups for moment `t`: published, started at or before
    /// `t`, and not yet ended (the end is exclusive: at the switch moment the new one answers).
    public func isInForce(at t: Date) -> Bool {
        guard state == .published, let from = effectiveFrom, from <= t else { return false }
        if let to = effectiveTo, t >= to { return false }
        return true
    }

    public func status(at now: Date) -> Status {
        guard state == .published, let from = effectiveFrom else { return .draft }
        if from > now { return .scheduled }
        if let to = effectiveTo, now >= to { return .retired }
        return .active
    }
}

extension Array where Element == Generation {
    /// The published generation in force at `t`, if any.
    public func inForce(at t: Date) -> Generation? {
        first { $0.isInForce(at: t) }
    }
}
