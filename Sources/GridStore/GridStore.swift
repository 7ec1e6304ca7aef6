import Foundation
import GRDB
import GridDomain
import GridGeometry

/// The embedded store: one SQLite file in WAL mode holding every generation of boundaries side
/// by side, and the roster. Each write is one transaction, so an import either lands whole or
/// leaves the file exactly as it was.
public final class GridStore: Sendable {
    let pool: DatabasePool
    /// A read-only connection of its own for the change counters (GridStore+Changes.swift).
    let probe: DatabaseQueue
    public let path: String

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // WAL with synchronous=NORMAL: a commit is not fsynced, the checkpoint is. An application
        // crash loses nothing; a power cut may lose the last commits but never corrupts the file.
        // With FULL every report filed waited for the disk (~1 ms here): intake fell below 1,000/s.
        // A larger page cache and memory-mapped reads: intake's index pages stay in memory instead of
        // a pread each per report.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
        self.pool = pool
        self.path = path
        // Opened after the migration: the counters' table exists from then on.
        probe = try Self.openProbe(path: path)
    }

    // The read-only probe closes first: SQLite folds the write-ahead log into the main file when
    // the last connection closes, which a read-only one cannot do. Closed last, it left every
    // CLI run's commits in the -wal file, and a plain copy of the store file lacked them.
    deinit {
        try? probe.close()
    }

    /// Folds the write-ahead log into the main file (before copying the file, say).
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// SQLite's own check of the whole file (`PRAGMA integrity_check`): `["ok"]` when sound,
    /// else what it found, a line each.
    public func integrityCheck() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    // MARK: Generations

    public func generations() throws -> [Generation] {
        try pool.read { db in
            try GenerationRecord.order(Column("id")).fetchAll(db).map(\.generation)
        }
    }

    public func generation(named name: String) throws -> Generation? {
        try pool.read { db in try GenerationRecord.filter(Column("name") == name).fetchOne(db)?.generation }
    }

    /// Adds units to the draft generation `name`, creating it if it does not exist, and publishes
    /// it from `publishAt` when given: all in one transaction.
    ///
    /// - Parameter areasM2: each unit's geodesic area when the caller has it already (an import's
    ///   validation measures every unit), in `units` order; measured here otherwise.
    @discardableResult
    public func saveUnits(_ units: [AreaUnit], areasM2: [Double]? = nil, generation name: String, note: String? = nil,
                          publishAt: Date? = nil, backdate: Bool = false, actor: String = "import",
                          now: Date = Date()) throws -> Generation {
        precondition(areasM2.map { $0.count == units.count } ?? true, "one area per unit")
        return try pool.write { db in
            var record: GenerationRecord
            if let existing = try GenerationRecord.filter(Column("name") == name).fetchOne(db) {
                guard existing.state == Generation.State.draft.rawValue else { throw StoreError.generationPublished(name) }
                record = existing
            } else {
                record = GenerationRecord(id: nil, name: name, state: Generation.State.draft.rawValue,
                                          effectiveFrom: nil, effectiveTo: nil, createdAt: now, note: note)
                try record.insert(db)
                record.id = db.lastInsertedRowID
            }
            guard let id = record.id else { throw StoreError.corrupt("generation without id") }
            try UnitRecord.insert(units, areasM2: areasM2, generationId: id, db)
            // Imports are changes too: logged, so that an import into a draft can be undone.
            record.revision += 1
            try record.update(db)
            try DraftChangeRecord(generationId: id, change: DraftChange(
                revision: record.revision, operation: "import", summary: "imported \(units.count) units", notes: note.map { [$0] } ?? [],
                saved: units.map(\.code).sorted(), removed: [], actor: actor, madeAt: now)).insert(db)
            if let publishAt { return try Self.publish(db, name: name, at: publishAt, backdate: backdate, now: now) }
            return record.generation
        }
    }

    /// Publishes a draft from `effectiveFrom`; the generation in force until then ends at that
    /// moment. Dates may lie in the future (the draft is then scheduled). A date in the past would
    /// change answers already given by the generation in force since then, so it needs `backdate`
    /// (a redraw recorded late); the first generation of a store may start in the past freely.
    /// Never on or before the start of the latest published generation: history only grows forward.
    @discardableResult
    public func publish(_ name: String, effectiveFrom: Date, backdate: Bool = false, now: Date = Date()) throws -> Generation {
        try pool.write { db in try Self.publish(db, name: name, at: effectiveFrom, backdate: backdate, now: now) }
    }

    private static func publish(_ db: Database, name: String, at requested: Date, backdate: Bool, now: Date) throws -> Generation {
        // Kept to the millisecond, so the value read back equals the value compared here.
        let date = Dates.milliseconds(requested)
        guard var record = try GenerationRecord.filter(Column("name") == name).fetchOne(db) else {
            throw StoreError.generationNotFound(name)
        }
        guard record.state == Generation.State.draft.rawValue else { throw StoreError.generationPublished(name) }
        let count = try UnitRecord.filter(Column("generation_id") == record.id).fetchCount(db)
        guard count > 0 else { throw StoreError.generationEmpty(name) }
        let published = try GenerationRecord.filter(Column("state") == Generation.State.published.rawValue).fetchAll(db)
        if let latest = published.max(by: { ($0.effectiveFrom ?? .distantPast) < ($1.effectiveFrom ?? .distantPast) }),
           let latestFrom = latest.effectiveFrom {
            guard date > latestFrom else {
                throw StoreError.effectiveDateTooEarly(name: name, date: date, latest: latest.name, latestFrom: latestFrom)
            }
            guard date >= now || backdate else {
                throw StoreError.effectiveDateInThePast(name: name, date: date, current: latest.name)
            }
            var ended = latest
            ended.effectiveTo = date
            try ended.update(db)
        }
        record.state = Generation.State.published.rawValue
        record.effectiveFrom = date
        record.effectiveTo = nil
        try record.update(db)
        return record.generation
    }

    // MARK: Units

    public func units(inGeneration id: Int64) throws -> [AreaUnit] {
        try pool.read { db in
            try UnitRecord.filter(Column("generation_id") == id).order(Column("code")).fetchAll(db).map { try $0.unit() }
        }
    }

    /// Changes whenever a generation's units change (added, edited, undone): what a cached draft
    /// Locator is checked against.
    public func fingerprint(ofGeneration id: Int64) throws -> String {
        try pool.read { db in
            // Counts and rowids alone miss an edit that rewrites the newest row in place; every
            // change adds a log entry with a never-reused id, and an undo lowers the revision.
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM unit WHERE generation_id = ?1) AS n,
                       (SELECT MAX(rowid) FROM unit WHERE generation_id = ?1) AS last,
                       (SELECT revision FROM generation WHERE id = ?1) AS revision,
                       (SELECT MAX(id) FROM draft_change WHERE generation_id = ?1) AS change
                """, arguments: [id])
            return "\(row?["n"] as Int? ?? 0):\(row?["last"] as Int64? ?? 0):\(row?["revision"] as Int? ?? 0):\(row?["change"] as Int64? ?? 0)"
        }
    }

    /// Whether any generation holds a unit with this code (rosters outlive redraws).
    public func unitExists(code: String) throws -> Bool {
        try pool.read { db in try UnitRecord.filter(Column("code") == code).fetchCount(db) > 0 }
    }

    public func allUnitCodes() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT code FROM unit")) }
    }

    /// Per tier: unit count and vertex count, and the generation's extent.
    public func summary(ofGeneration id: Int64) throws -> (tiers: [(tier: Tier, units: Int, vertices: Int, areaM2: Double)], extent: BoundingBox) {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT tier, COUNT(*) AS units, SUM(vertex_count) AS vertices, SUM(area_m2) AS area
                FROM unit WHERE generation_id = ? GROUP BY tier
                """, arguments: [id])
            let tiers = rows.compactMap { row -> (Tier, Int, Int, Double)? in
                guard let tier = Tier(rawValue: row["tier"]) else { return nil }
                return (tier, row["units"], row["vertices"], row["area"])
            }.sorted { $0.0 < $1.0 }
            let box = try Row.fetchOne(db, sql: """
                SELECT MIN(min_lon) AS a, MIN(min_lat) AS b, MAX(max_lon) AS c, MAX(max_lat) AS d FROM unit WHERE generation_id = ?
                """, arguments: [id])
            let extent = box.flatMap { row -> BoundingBox? in
                guard let a: Double = row["a"], let b: Double = row["b"], let c: Double = row["c"], let d: Double = row["d"] else { return nil }
                return BoundingBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
            } ?? .empty
            return (tiers.map { (tier: $0.0, units: $0.1, vertices: $0.2, areaM2: $0.3) }, extent)
        }
    }

    // MARK: Roster

    /// The whole roster, in the order it was stored. Read column by column: a city's roster is
    /// 100,000 rows, which a Codable decoding per row took a second and a half to read.
    public func roster() throws -> [RosterEntry] {
        try pool.read { db in try Self.rosterEntries(db, sql: "SELECT \(Self.rosterColumns) FROM roster_entry ORDER BY id") }
    }

    /// The roster entries of the units with these codes, every period, in the order stored.
    public func roster(ofUnits codes: [String]) throws -> [RosterEntry] {
        guard !codes.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: codes.count).joined(separator: ",")
        return try pool.read { db in
            try Self.rosterEntries(db, sql: "SELECT \(Self.rosterColumns) FROM roster_entry WHERE unit_code IN (\(marks)) ORDER BY id",
                                   arguments: StatementArguments(codes))
        }
    }

    private static let rosterColumns = "worker_id, name, phone, role, unit_code, valid_from, valid_to"

    private static func rosterEntries(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [RosterEntry] {
        var entries: [RosterEntry] = []
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            guard let role = RosterEntry.Role(rawValue: row[3]) else { continue }
            let from: Double? = row[5], to: Double? = row[6]
            entries.append(RosterEntry(workerId: row[0], name: row[1], phone: row[2], role: role, unitCode: row[4],
                                       validFrom: from.map(Date.init(timeIntervalSince1970:)), validTo: to.map(Date.init(timeIntervalSince1970:))))
        }
        return entries
    }

    /// Adds roster entries, or with `replace` swaps the whole roster, in one transaction.
    public func saveRoster(_ entries: [RosterEntry], replace: Bool) throws {
        try pool.write { db in
            // Counted here, once per transaction, not by a trigger per row (see ChangeSchema).
            try ChangeSchema.raise("roster", db)
            if replace { try RosterRecord.deleteAll(db) }
            for entry in entries {
                do { try RosterRecord(entry).insert(db) } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    throw StoreError.rosterDuplicate(workerId: entry.workerId, unitCode: entry.unitCode)
                }
            }
        }
    }
}
