import Foundation
import GRDB
import GridDomain

extension GridStore {
    // MARK: Subscriptions

    /// Stores a subscription and its signing secret (checks are the caller's: see `Webhooks`).
    public func createWebhook(_ subscription: WebhookSubscription, secret: String) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO webhook (id, url, events, grids, secret, description, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [subscription.id, subscription.url, subscription.events.map(\.rawValue).joined(separator: ","),
                                 try Self.codesText(subscription.grids), secret, subscription.description,
                                 subscription.createdAt.timeIntervalSince1970, subscription.createdBy])
        }
    }

    /// Subscriptions not removed, oldest first.
    public func webhooks() throws -> [WebhookSubscription] {
        try pool.read { db in try Self.activeWebhooks(db) }
    }

    /// A subscription not removed, or nil.
    public func webhook(id: String) throws -> WebhookSubscription? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ? AND removed_at IS NULL", arguments: [id]).map(Self.subscription)
        }
    }

    /// Removes a subscription (the row stays, with its deliveries, as a record) and cancels its
    /// pending deliveries. Nil when there is no such subscription.
    public func removeWebhook(id: String, now: Date = Date()) throws -> WebhookSubscription? {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ? AND removed_at IS NULL", arguments: [id]) else {
                return nil
            }
            let t = now.timeIntervalSince1970
            try db.execute(sql: "UPDATE webhook SET removed_at = ? WHERE id = ?", arguments: [t, id])
            try db.execute(sql: """
                UPDATE webhook_delivery SET state = 'cancelled', next_attempt_at = NULL, finished_at = ?,
                  last_error = 'subscription removed' WHERE webhook_id = ? AND state = 'pending'
                """, arguments: [t, id])
            var removed = try Self.subscription(row)
            removed.removedAt = now
            return removed
        }
    }

    /// Which of `codes` name a grid in some generation (a watched grid may be in a draft redraw).
    public func gridCodes(among codes: [String]) throws -> Set<String> {
        guard !codes.isEmpty else { return [] }
        return try pool.read { db in
            var known = Set<String>()
            // In slices: SQLite limits the number of parameters of one statement.
            for start in stride(from: 0, to: codes.count, by: 500) {
                let slice = Array(codes[start..<min(start + 500, codes.count)])
                let found = try String.fetchAll(db, sql: """
                    SELECT DISTINCT code FROM unit WHERE tier = 'grid' AND code IN (\(slice.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments(slice))
                known.formUnion(found)
            }
            return known
        }
    }

    static func activeWebhooks(_ db: Database) throws -> [WebhookSubscription] {
        try Row.fetchAll(db, sql: "SELECT * FROM webhook WHERE removed_at IS NULL ORDER BY created_at, id").map(subscription)
    }

    static func subscription(_ row: Row) throws -> WebhookSubscription {
        let events = (row["events"] as String).split(separator: ",").compactMap { WebhookEventType(rawValue: String($0)) }
        return WebhookSubscription(id: row["id"], url: row["url"], events: events, grids: try codes(row["grids"]),
                                   description: row["description"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                                   createdBy: row["created_by"], removedAt: (row["removed_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    // MARK: Outbox

    /// Queues `message` for every subscription that wants it; returns how many deliveries that made.
    @discardableResult
    /// Whether any active subscription wants `type` for `grid`: a read, so intake (which calls
    /// this per report) takes the write lock only when there is something to queue.
    public func hasSubscriber(for type: WebhookEventType, grid: String?) throws -> Bool {
        try pool.read { db in try Self.activeWebhooks(db).contains { $0.wants(type, grid: grid) } }
    }

    public func enqueue(_ message: WebhookMessage) throws -> Int {
        try pool.write { db in try Self.enqueue(db, message) }
    }

    @discardableResult
    static func enqueue(_ db: Database, _ message: WebhookMessage) throws -> Int {
        var made = 0
        for subscription in try activeWebhooks(db) where subscription.wants(message.type, grid: message.grid) {
            try db.execute(sql: """
                INSERT INTO webhook_delivery (webhook_id, event_id, event, grid_code, body, created_at, state, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                """, arguments: [subscription.id, message.eventId, message.type.rawValue, message.grid, message.body,
                                 message.time.timeIntervalSince1970, message.time.timeIntervalSince1970])
            made += 1
        }
        return made
    }

    /// Pending deliveries due by `at`, oldest due first, leaving out those already in flight.
    public func dueDeliveries(at: Date, limit: Int, excluding inFlight: Set<Int64> = []) throws -> [DueDelivery] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id, d.webhook_id, d.event_id, d.event, d.body, d.attempts, w.url, w.secret
                FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?
                """, arguments: [at.timeIntervalSince1970, limit + inFlight.count])
            return rows.compactMap { row -> DueDelivery? in
                let id: Int64 = row["id"]
                guard !inFlight.contains(id), let event = WebhookEventType(rawValue: row["event"]) else { return nil }
                return DueDelivery(id: id, webhookId: row["webhook_id"], url: row["url"], secret: row["secret"],
                                   eventId: row["event_id"], event: event, body: row["body"], attempts: row["attempts"])
            }.prefix(limit).map { $0 }
        }
    }

    /// When the earliest pending delivery not in flight is due (nil when none is pending).
    public func nextDeliveryDue(excluding inFlight: Set<Int64> = []) throws -> Date? {
        try pool.read { db in
            let ids = Array(inFlight)
            let others = ids.isEmpty ? "" : " AND id NOT IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
            return try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM webhook_delivery WHERE state = 'pending'\(others)",
                                       arguments: StatementArguments(ids)).map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Records an attempt and where the delivery stands after it: `pending` with the moment of
    /// the next attempt, or finished (`delivered`, `failed`). A delivery cancelled meanwhile
    /// stays cancelled; the attempt is still recorded.
    public func recordAttempt(_ attempt: WebhookAttempt, ofDelivery id: Int64, state: WebhookDeliveryState,
                              nextAttemptAt: Date?) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO webhook_attempt (delivery_id, number, started_at, duration_ms, status, error) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, attempt.number, attempt.startedAt.timeIntervalSince1970, attempt.durationMs, attempt.status,
                                 attempt.error])
            let finished = state == .pending ? nil : (attempt.startedAt.timeIntervalSince1970 + attempt.durationMs / 1000)
            try db.execute(sql: """
                UPDATE webhook_delivery SET attempts = ?, last_status = ?, last_error = ?,
                  state = CASE WHEN state = 'pending' THEN ? ELSE state END,
                  next_attempt_at = CASE WHEN state = 'pending' THEN ? ELSE NULL END,
                  finished_at = CASE WHEN state = 'pending' THEN ? ELSE finished_at END
                WHERE id = ?
                """, arguments: [attempt.number, attempt.status, attempt.error, state.rawValue,
                                 state == .pending ? nextAttemptAt?.timeIntervalSince1970 : nil, finished, id])
        }
    }

    /// A subscription's deliveries, newest first, each with its attempts.
    public func deliveries(ofWebhook id: String, limit: Int = 100) throws -> [WebhookDelivery] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM webhook_delivery WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [id, limit])
            guard !rows.isEmpty else { return [] }
            let ids = rows.map { $0["id"] as Int64 }
            var attempts: [Int64: [WebhookAttempt]] = [:]
            let attemptRows = try Row.fetchAll(db, sql: """
                SELECT * FROM webhook_attempt WHERE delivery_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY delivery_id, number
                """, arguments: StatementArguments(ids))
            for row in attemptRows {
                attempts[row["delivery_id"], default: []].append(WebhookAttempt(
                    number: row["number"], startedAt: Date(timeIntervalSince1970: row["started_at"]), durationMs: row["duration_ms"],
                    status: row["status"], error: row["error"]))
            }
            return rows.map { row in
                let id: Int64 = row["id"]
                return WebhookDelivery(
                    id: id, webhookId: row["webhook_id"], eventId: row["event_id"],
                    event: WebhookEventType(rawValue: row["event"]) ?? .reportFiled, grid: row["grid_code"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    state: WebhookDeliveryState(rawValue: row["state"]) ?? .pending,
                    nextAttemptAt: (row["next_attempt_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    attempts: attempts[id] ?? [], body: row["body"])
            }
        }
    }
}
