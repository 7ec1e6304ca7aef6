import GRDB

extension GridStore {
    /// The change counters as committed now, by this process or any other.
    ///
    /// Read on a connection of their own (``probe``), never one of the pool's readers: a check
    /// must not wait behind long reads (a city's roster, a year of reports) holding every reader.
    public func changes() throws -> StoreChanges {
        try probe.read { db in
            var changes = StoreChanges()
            for row in try Row.fetchAll(db, sql: "SELECT subject, version FROM store_change") {
                let version: Int64 = row["version"]
                switch row["subject"] as String {
                case "generations": changes.generations = version
                case "keys": changes.keys = version
                case "roster": changes.roster = version
                case "catalogue": changes.catalogue = version
                case "warning_rule": changes.warningRule = version
                default: break
                }
            }
            return changes
        }
    }

    /// The connection the change counters are read on: read-only, used by nothing else.
    static func openProbe(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "GridStore.changes"
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
