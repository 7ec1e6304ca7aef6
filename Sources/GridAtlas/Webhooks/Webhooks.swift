import Foundation
import GridDomain
import GridStore

/// Webhook subscriptions: checked when made, listed, removed, and the outbox of deliveries.
/// Sending is the server's (`WebhookDispatcher`); this side only decides what is queued.
public final class Webhooks: Sendable {
    public let store: GridStore

    public init(store: GridStore) {
        self.store = store
    }

    /// Most grids one subscription may watch.
    public static let maxGrids = 10_000

    /// Checks and stores a subscription. The secret, when not given, is made here; either way
    /// it is returned this once (it is stored, because signing needs it, but never listed).
    ///
    /// - Parameters:
    ///   - grids: watched grid codes; required for `report_filed`; nil means every grid.
    public func subscribe(url: String, events: [String], grids: [String]?, secret: String? = nil, description: String? = nil,
                          by actor: String?, now: Date = Date()) throws -> (subscription: WebhookSubscription, secret: String) {
        let url = try Self.checkURL(url)
        guard !events.isEmpty else {
            throw WebhookError.badField("events", "name at least one of \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var types: [WebhookEventType] = []
        for name in events {
            guard let type = WebhookEventType(rawValue: name) else {
                throw WebhookError.badField("events", "unknown event '\(name)'; events are \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !types.contains(type) { types.append(type) }
        }
        let watched = try checkGrids(grids, events: types)
        let secret = try secret.map(Self.checkSecret) ?? Self.makeSecret()
        if let description, let problem = TextRule.freeText(maxCharacters: 500).problem(with: description) {
            throw WebhookError.badField("description", problem)
        }
        let subscription = WebhookSubscription(id: "wh_" + Self.randomText(12), url: url, events: types, grids: watched,
                                               description: description, createdAt: Dates.milliseconds(now), createdBy: actor)
        try store.createWebhook(subscription, secret: secret)
        return (subscription, secret)
    }

    public func list() throws -> [WebhookSubscription] { try store.webhooks() }

    public func subscription(id: String) throws -> WebhookSubscription {
        guard let found = try store.webhook(id: id) else { throw WebhookError.notFound(id) }
        return found
    }

    /// Removes a subscription; its pending deliveries are cancelled.
    @discardableResult
    public func remove(id: String, now: Date = Date()) throws -> WebhookSubscription {
        guard let removed = try store.removeWebhook(id: id, now: now) else { throw WebhookError.notFound(id) }
        return removed
    }

    /// A subscription's deliveries, newest first, with their attempts.
    public func deliveries(of id: String, limit: Int = 100) throws -> [WebhookDelivery] {
        _ = try subscription(id: id)
        return try store.deliveries(ofWebhook: id, limit: limit)
    }

    /// Queues `report_filed` for the subscriptions watching the report's grid.
    @discardableResult
    public func reportFiled(_ report: Report, now: Date = Date()) throws -> Int {
        guard report.gridCode != nil, try store.hasSubscriber(for: .reportFiled, grid: report.gridCode) else { return 0 }
        return try store.enqueue(WebhookEvents.reportFiled(report, now: now))
    }

    // MARK: Checks

    static func checkURL(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw WebhookError.badField("url", "is required") }
        guard trimmed.count <= 2048 else { throw WebhookError.badField("url", "is longer than 2048 characters") }
        guard let url = URLComponents(string: trimmed), let scheme = url.scheme?.lowercased() else {
            throw WebhookError.badField("url", "'\(trimmed.prefix(100))' is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw WebhookError.badField("url", "must be http or https, got '\(scheme)'")
        }
        guard let host = url.host, !host.isEmpty else { throw WebhookError.badField("url", "has no host") }
        return trimmed
    }

    func checkGrids(_ grids: [String]?, events: [WebhookEventType]) throws -> [String]? {
        guard let grids else {
            if events.contains(.reportFiled) {
                throw WebhookError.badField("grids", "report_filed needs the grid codes to watch (every report of a district is too many)")
            }
            return nil
        }
        guard !grids.isEmpty else {
            throw WebhookError.badField("grids", "an empty list watches nothing; leave it out to watch every grid (level_changed only)")
        }
        guard grids.count <= Self.maxGrids else {
            throw WebhookError.badField("grids", "\(grids.count) grids; at most \(Self.maxGrids) per subscription")
        }
        var unique: [String] = []
        var seen = Set<String>()
        for code in grids where seen.insert(code).inserted { unique.append(code) }
        let known = try store.gridCodes(among: unique)
        let unknown = unique.filter { !known.contains($0) }
        if !unknown.isEmpty {
            let shown = unknown.prefix(5).joined(separator: ", ")
            throw WebhookError.badField("grids", "not grid codes in any generation: \(shown)\(unknown.count > 5 ? " and \(unknown.count - 5) more" : "")")
        }
        return unique
    }

    static func checkSecret(_ secret: String) throws -> String {
        guard (16...256).contains(secret.count) else {
            throw WebhookError.badField("secret", "must be 16 to 256 characters long (or leave it out to have one made)")
        }
        guard secret.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
            throw WebhookError.badField("secret", "must be printable ASCII without spaces")
        }
        return secret
    }

    /// `whsec_` and 32 letters and digits from the system's CSPRNG (≈190 bits).
    static func makeSecret() -> String { "whsec_" + randomText(32) }

    static func randomText(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".utf8)
        var generator = SystemRandomNumberGenerator()
        return String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }, as: UTF8.self)
    }
}
