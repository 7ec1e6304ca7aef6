/// The store's change counters: one per kind of state a running process keeps in memory, each
/// raised by every committed write to that state, whichever process or connection made it
/// (triggers in the schema raise them, the roster's its one write path: see ``ChangeSchema``).
///
/// Only equality means anything: a cache kept with the counter read before it was loaded is
/// current while the counter still reads the same.
public struct StoreChanges: Sendable, Equatable {
    /// Generations: created, published, scheduled, edited (a draft's revision), discarded.
    public var generations: Int64 = 0
    /// API keys: made or revoked.
    public var keys: Int64 = 0
    /// The roster: entries imported, replaced or removed.
    public var roster: Int64 = 0
    /// The reports' catalogue: a new version.
    public var catalogue: Int64 = 0
    /// The early-warning rule: a new one set.
    public var warningRule: Int64 = 0

    public init() {}
}
