import Foundation
import GridAtlas
import GridDomain
import GridStore
import Logging
import ServiceLifecycle

/// Keeps warning levels current and webhooks flowing while the server runs, as a
/// ServiceLifecycle service beside the HTTP server:
///
/// - every report the desk files is handed over through a buffered stream (intake never waits):
///   `report_filed` is queued for the subscriptions watching its grid, and the grid's level is
///   recomputed (one indexed COUNT); a change queues `level_changed`;
/// - every `sweepInterval` all grids are recomputed, so levels fall as reports age out;
/// - the ``WebhookDispatcher`` sends what is queued.
///
/// On graceful shutdown (after the HTTP server has finished its requests) the reports already
/// handed over are processed, then the sweep and the sender stop; deliveries not yet made stay
/// in the outbox for the next start.
public final class WarningService: Service, Sendable {
    public let warning: EarlyWarning
    public let webhooks: Webhooks
    public let dispatcher: WebhookDispatcher
    public let configuration: WarningConfiguration
    let logger: Logger
    private let events: AsyncStream<ReportEvent>
    private let intake: AsyncStream<ReportEvent>.Continuation

    public init(desk: ReportDesk, configuration: WarningConfiguration = WarningConfiguration(),
                transport: any WebhookTransport = URLSessionTransport(), logLevel: Logger.Level = .info) {
        var logger = Logger(label: "gridatlas.warnings")
        logger.logLevel = logLevel
        self.logger = logger
        self.configuration = configuration
        warning = EarlyWarning(desk: desk)
        webhooks = Webhooks(store: desk.store)
        dispatcher = WebhookDispatcher(store: desk.store, transport: transport, configuration: configuration, logger: logger)
        // Bounded: a server built but never run (a router for tests) must not grow without end.
        (events, intake) = AsyncStream.makeStream(of: ReportEvent.self, bufferingPolicy: .bufferingOldest(100_000))
        desk.observe { [intake, logger] event in
            if case .dropped = intake.yield(event) {
                logger.warning("warning intake full: a report's webhooks are dropped (its level follows at the next sweep)")
            }
        }
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.dispatcher.run() }
            group.addTask { await self.sweepPeriodically() }
            await withGracefulShutdownHandler {
                for await event in events { handle(event) }
            } onGracefulShutdown: { [intake] in
                intake.finish()
            }
            group.cancelAll()
        }
    }

    /// What follows one report event: queue `report_filed`, recompute the grid's level. Errors
    /// are logged, never thrown: a warning problem must not stop the service.
    public func handle(_ event: ReportEvent, at now: Date = Date()) {
        do {
            switch event {
            case .filed(let report):
                try webhooks.reportFiled(report, now: now)
                if let grid = report.gridCode { try warning.refresh(grid: grid, at: now) }
            case .moved(let report, let step):
                // Rejected reports do not count: rejecting one (or reopening it) moves the count.
                if step.to == .rejected || step.from == .rejected, let grid = report.gridCode {
                    try warning.refresh(grid: grid, at: now)
                }
            }
        } catch AtlasError.noGenerationInForce {
            // Nothing to grade against (a store before its first generation): nothing to warn.
        } catch {
            logger.error("warning update failed", metadata: ["error": "\(error)"])
        }
        dispatcher.wake()
    }

    /// Recomputes every grid now (what the periodic sweep does; tests call it directly).
    @discardableResult
    public func sweep(at: Date = Date()) throws -> [LevelChange] {
        let changes = try warning.sweep(at: at)
        if !changes.isEmpty {
            logger.info("warning levels changed", metadata: ["grids": "\(changes.count)"])
            dispatcher.wake()
        }
        return changes
    }

    private func sweepPeriodically() async {
        while !Task.isCancelled {
            do { try sweep() } catch AtlasError.noGenerationInForce {
            } catch {
                logger.error("warning sweep failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(configuration.sweepInterval))
        }
    }
}
