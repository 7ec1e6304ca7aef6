import ArgumentParser
import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (locate, boundaries, density, OGC API Features) over the store.",
        discussion: """
            Every option can also come from the environment: GRIDATLAS_HOST, GRIDATLAS_PORT, GRIDATLAS_STORE, \
            GRIDATLAS_LOG_LEVEL, GRIDATLAS_READS, GRIDATLAS_MAX_BATCH, GRIDATLAS_MAX_BODY_MB. Flags win over the \
            environment. SIGINT or SIGTERM stop accepting connections and finish requests in flight.
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Address to listen on.") var host: String?
    @Option(help: "Port to listen on.") var port: Int?
    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?
    @Option(help: ArgumentHelp("public: anyone may read (phones hidden); keyed: every request needs a key.", valueName: "public|keyed"))
    var reads: String?
    @Option(help: "Most points one batch request may hold.") var maxBatch: Int?
    @Option(help: "Largest request body, in MiB.") var maxBodyMb: Int?
    @Option(help: "Seconds a geometry or density question may take.") var queryTimeout: Double?
    @Option(help: "Heavy questions (diffs, checks, overlays, batches, exports) running at once (default: the cores).")
    var heavyRunning: Int?
    @Option(help: "Heavy questions waiting beyond those; more are answered 503 with Retry-After.") var heavyWaiting: Int?
    @Option(help: "Requests a second per API key (0: no limit); over it, 429 with Retry-After.") var ratePerKey: Double?
    @Option(help: "Requests a second per address calling without a key (0: no limit).") var ratePerAddress: Double?
    @Option(help: "A report of the same matter this near (metres) an open one is linked as a likely duplicate.")
    var duplicateRadius: Double?
    @Option(help: "... and this recent (hours).") var duplicateHours: Double?
    @Option(help: "Seconds between sweeps that recompute every grid's warning level.") var warningSweep: Double?
    @Option(help: "Attempts per webhook delivery before it is marked failed.") var webhookAttempts: Int?
    @Option(help: ArgumentHelp("Folder of Leaflet's files for the map console (Debian's libjs-leaflet).", valueName: "dir"))
    var leafletDir: String?

    func run() async throws {
        CrashPolicy.applyByRestarting()
        let environment = ProcessInfo.processInfo.environment
        var configuration = ServerConfiguration()
        configuration.host = host ?? environment["GRIDATLAS_HOST"] ?? configuration.host
        configuration.port = try port ?? environment["GRIDATLAS_PORT"].map { try Self.integer($0, "GRIDATLAS_PORT") } ?? configuration.port
        let levelText = logLevel ?? environment["GRIDATLAS_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("unknown log level '\(levelText)': use trace, debug, info, notice, warning, error or critical")
        }
        configuration.logLevel = level
        let readsText = reads ?? environment["GRIDATLAS_READS"] ?? "public"
        guard let access = ServerConfiguration.ReadAccess(rawValue: readsText) else {
            throw ValidationError("--reads must be public or keyed, got '\(readsText)'")
        }
        configuration.reads = access
        if let batch = try maxBatch ?? environment["GRIDATLAS_MAX_BATCH"].map({ try Self.integer($0, "GRIDATLAS_MAX_BATCH") }) {
            guard batch > 0 else { throw ValidationError("--max-batch must be positive") }
            configuration.maxBatchPoints = batch
        }
        if let mb = try maxBodyMb ?? environment["GRIDATLAS_MAX_BODY_MB"].map({ try Self.integer($0, "GRIDATLAS_MAX_BODY_MB") }) {
            guard mb > 0 else { throw ValidationError("--max-body-mb must be positive") }
            configuration.maxBodyBytes = mb * 1024 * 1024
        }
        if let queryTimeout {
            guard queryTimeout > 0 else { throw ValidationError("--query-timeout must be positive") }
            configuration.queryTimeoutSeconds = queryTimeout
        }
        if let heavyRunning {
            guard (1...256).contains(heavyRunning) else { throw ValidationError("--heavy-running must be 1...256") }
            configuration.heavyRunning = heavyRunning
        }
        if let heavyWaiting {
            guard (0...10_000).contains(heavyWaiting) else { throw ValidationError("--heavy-waiting must be 0...10000") }
            configuration.heavyWaiting = heavyWaiting
        }
        for (name, value) in [("--rate-per-key", ratePerKey), ("--rate-per-address", ratePerAddress)] {
            if let value, !(value.isFinite && value >= 0 && value <= 1_000_000) { throw ValidationError("\(name) must be 0...1000000 requests a second") }
        }
        configuration.ratePerKey = ratePerKey ?? configuration.ratePerKey
        configuration.ratePerAddress = ratePerAddress ?? configuration.ratePerAddress
        if let duplicateRadius {
            guard duplicateRadius >= 0, duplicateRadius <= 10_000 else { throw ValidationError("--duplicate-radius must be 0...10000 metres") }
            configuration.intake.duplicates.radiusM = duplicateRadius
        }
        if let duplicateHours {
            guard duplicateHours >= 0, duplicateHours <= 24 * 365 else { throw ValidationError("--duplicate-hours must be 0...8760") }
            configuration.intake.duplicates.window = duplicateHours * 3600
        }
        if let warningSweep {
            guard warningSweep >= 1 else { throw ValidationError("--warning-sweep must be at least 1 second") }
            configuration.warnings.sweepInterval = warningSweep
        }
        if let webhookAttempts {
            guard (1...50).contains(webhookAttempts) else { throw ValidationError("--webhook-attempts must be 1...50") }
            configuration.warnings.retry.attempts = webhookAttempts
        }
        configuration.leafletDirectory = leafletDir ?? environment["GRIDATLAS_LEAFLET_DIR"] ?? configuration.leafletDirectory
        if !FileManager.default.fileExists(atPath: configuration.leafletDirectory + "/leaflet.js") {
            FileHandle.standardError.write(Data(("warning: no leaflet.js in \(configuration.leafletDirectory): the map console at / needs "
                + "Debian's libjs-leaflet (apt-get install libjs-leaflet) or --leaflet-dir; the API works without it\n").utf8))
        }

        var logger = Logger(label: "gridatlas")
        logger.logLevel = level
        let noticeLogger = logger
        let atlas = try failing { Atlas(store: try GridStore(path: storeOptions.path), notice: { noticeLogger.notice("\($0)") }) }
        let server = AtlasServer(atlas: atlas, configuration: configuration)
        // The index of the generation in force and the roster, loaded while the server starts
        // listening: a request that comes first finds them or loads what it needs itself.
        Task.detached(priority: .userInitiated) {
            do { try atlas.warmUp() } catch { noticeLogger.notice("warm-up: \(error)") }
        }
        logger.info("serving", metadata: [
            "store": "\(storeOptions.path)", "address": "\(configuration.host):\(configuration.port)", "reads": "\(access.rawValue)",
        ])
        try await server.application(logger: logger).runService()
    }

    static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text) else { throw ValidationError("\(name) must be a whole number, got '\(text)'") }
        return value
    }
}
