import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GridAtlas
import GridStore
import Logging
import Synchronization

/// Sends the outbox: every pending delivery that is due is POSTed, signed, and its attempt
/// recorded; failures are tried again on the ``WebhookRetryPolicy``. Runs as a loop in the
/// server's ``WarningService``, off the request path.
///
/// The outbox is the `webhook_delivery` table, so nothing is lost when the server stops: a
/// delivery interrupted by shutdown stays pending and is sent after the next start. One
/// process sends (deliveries in flight are tracked in memory).
public final class WebhookDispatcher: Sendable {
    let store: GridStore
    let transport: any WebhookTransport
    let configuration: WarningConfiguration
    let logger: Logger
    private let signal = WakeSignal()
    private let inFlight = Mutex(Set<Int64>())

    public init(store: GridStore, transport: any WebhookTransport, configuration: WarningConfiguration, logger: Logger) {
        self.store = store
        self.transport = transport
        self.configuration = configuration
        self.logger = logger
    }

    /// Tells the loop that deliveries were queued (it also looks every `pollInterval`).
    public func wake() { signal.signal() }

    /// Delivers until the task is cancelled; attempts in flight then are dropped unrecorded and
    /// their deliveries stay pending.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                var wait = configuration.pollInterval
                do {
                    let busy = inFlight.withLock { $0 }
                    let room = configuration.concurrency - busy.count
                    if room > 0 {
                        for delivery in try store.dueDeliveries(at: Date(), limit: room, excluding: busy) {
                            inFlight.withLock { _ = $0.insert(delivery.id) }
                            group.addTask {
                                await self.attempt(delivery)
                                self.inFlight.withLock { _ = $0.remove(delivery.id) }
                                self.signal.signal()
                            }
                        }
                        let busyNow = inFlight.withLock { $0 }
                        if busyNow.count < configuration.concurrency, let next = try store.nextDeliveryDue(excluding: busyNow) {
                            wait = min(wait, next.timeIntervalSinceNow)
                        }
                    }
                } catch {
                    logger.error("webhook outbox unreadable", metadata: ["error": "\(error)"])
                }
                // A delivery already due (wait ≤ 0) is taken on the next turn without sleeping.
                if wait > 0 { await signal.wait(upTo: wait) }
            }
            group.cancelAll()
        }
    }

    /// One attempt at one delivery, recorded with where the delivery stands after it.
    func attempt(_ delivery: DueDelivery) async {
        let number = delivery.attempts + 1
        let started = Date()
        let clock = ContinuousClock.now
        var status: Int?
        var failure: String?
        if let url = URL(string: delivery.url) {
            let headers = [
                "Content-Type": "application/json",
                "User-Agent": "GridAtlas-Webhook/1",
                WebhookSignature.header: WebhookSignature.sign(delivery.body, secret: delivery.secret),
                WebhookSignature.eventHeader: delivery.event.rawValue,
                WebhookSignature.deliveryHeader: String(delivery.id),
            ]
            do {
                status = try await transport.post(url, body: delivery.body, headers: headers, timeout: configuration.attemptTimeout)
            } catch {
                // Shutting down: not the receiver's fault, not an attempt; sent after the next start.
                if Task.isCancelled { return }
                failure = Self.describe(error)
            }
        } else {
            failure = "the subscription's URL cannot be parsed"
        }
        let elapsed = ContinuousClock.now - clock
        let durationMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let delivered = status.map { (200..<300).contains($0) } ?? false
        if let status, !delivered { failure = "HTTP \(status)" }
        let state: WebhookDeliveryState
        var next: Date?
        if delivered {
            state = .delivered
        } else if number >= configuration.retry.attempts || URL(string: delivery.url) == nil {
            state = .failed
        } else {
            state = .pending
            next = Date().addingTimeInterval(configuration.retry.delay(afterAttempt: number))
        }
        let attempt = WebhookAttempt(number: number, startedAt: started, durationMs: durationMs, status: status, error: failure)
        do {
            try store.recordAttempt(attempt, ofDelivery: delivery.id, state: state, nextAttemptAt: next)
        } catch {
            logger.error("webhook attempt not recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        let metadata: Logger.Metadata = [
            "webhook": "\(delivery.webhookId)", "delivery": "\(delivery.id)", "event": "\(delivery.event.rawValue)",
            "attempt": "\(number)", "outcome": "\(state.rawValue)", "status": "\(status.map(String.init) ?? "-")",
        ]
        switch state {
        case .delivered: logger.debug("webhook delivered", metadata: metadata)
        case .failed: logger.warning("webhook delivery failed for good", metadata: metadata.merging(["error": "\(failure ?? "-")"]) { a, _ in a })
        default: logger.info("webhook attempt failed; will retry", metadata: metadata.merging(["error": "\(failure ?? "-")"]) { a, _ in a })
        }
    }

    /// What the delivery log shows: Foundation's own words ("Failed to connect to … port 1"),
    /// not the dump of an NSError's user info.
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let text = underlying?.userInfo[NSLocalizedDescriptionKey] as? String
            ?? ns.userInfo[NSLocalizedDescriptionKey] as? String
            ?? (error as? URLError).map { "URL error \($0.code.rawValue)" }
            ?? String(describing: error)
        return String(text.prefix(300))
    }
}
