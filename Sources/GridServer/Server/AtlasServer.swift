import Foundation
import GridAtlas
import GridStore
import Hummingbird
import Logging

/// The HTTP face of an ``Atlas``: builds the router (routes, access rules, problem+json
/// errors, metrics) and the Hummingbird application that serves it.
///
/// Routes fall in three groups: open (health, metrics, OpenAPI), reads (public or keyed as
/// configured) and writes (a role per route). A handler never decides access itself.
public struct AtlasServer: Sendable {
    public let atlas: Atlas
    /// Reports: intake, cases, figures (one desk per server, so observers see every report).
    public let desk: ReportDesk
    /// Early warning and webhooks: the routes use it, and it runs beside the HTTP server.
    public let warnings: WarningService
    public let configuration: ServerConfiguration
    let keyRing: KeyRing
    /// The few heavy questions that run at once (see ``HeavyWorkGate``).
    let heavyWork: HeavyWorkGate
    var converters: ConverterPool { .shared }

    public init(atlas: Atlas, configuration: ServerConfiguration) {
        self.atlas = atlas
        self.configuration = configuration
        desk = ReportDesk(atlas: atlas, rules: configuration.intake)
        warnings = WarningService(desk: desk, configuration: configuration.warnings, logLevel: configuration.logLevel)
        keyRing = KeyRing(store: atlas.store, changes: atlas.storeChanges)
        heavyWork = HeavyWorkGate(running: configuration.heavyRunning, waiting: configuration.heavyWaiting)
    }

    /// The role every read needs: none when reads are public.
    var readRole: AccessRole? { configuration.reads == .public ? nil : .viewer }

    public func router() -> Router<AtlasRequestContext> {
        Telemetry.start()
        let router = Router(context: AtlasRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: ProblemMiddleware())
        // Before keys and routes: a URL that is not clean text is refused whoever sends it.
        router.add(middleware: RequestScreen(documented: Self.documentedParameters))
        router.add(middleware: IdentifyCaller(keyRing: keyRing))
        router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(perKey: configuration.ratePerKey, perAddress: configuration.ratePerAddress)))

        addHealthRoutes(to: router)
        addOpenAPIRoutes(to: router)
        addWhoAmIRoute(to: router)
        addConsoleRoutes(to: router)

        let reads = router.group().add(middleware: RequireRole(role: readRole))
        addLocateRoutes(to: reads)
        addBatchRoutes(to: reads)
        addGenerationReadRoutes(to: reads)
        addFeaturesRoutes(to: reads)
        addUnitRoutes(to: reads)
        addDensityRoutes(to: reads)
        addReportFigureRoutes(to: reads)
        addDraftReadRoutes(to: reads)
        addDiffRoutes(to: reads)
        addGeoPackageRoutes(to: reads)
        addValidationRoutes(to: reads)
        addTileRoutes(to: reads)
        addOpen311Routes(to: router)
        addCatalogueReadRoutes(to: router.group().add(middleware: RequireRole(role: readRole == nil ? nil : .citizen)))
        addCaseRoutes(to: router.group().add(middleware: RequireRole(role: .citizen)))
        addWarningRoutes(to: router)

        let planners = router.group().add(middleware: RequireRole(role: .planner))
        addImportRoutes(to: planners)
        addGenerationWriteRoutes(to: planners)
        addCatalogueWriteRoutes(to: planners)
        addDraftWriteRoutes(to: planners)

        let admins = router.group().add(middleware: RequireRole(role: .admin))
        addKeyRoutes(to: admins)
        return router
    }

    public func application(logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GridAtlas"),
            services: [warnings],
            logger: logger
        )
    }
}
