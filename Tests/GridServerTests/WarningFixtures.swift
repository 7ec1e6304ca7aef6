import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A live server like `withLiveServer`, handing the test the `AtlasServer` itself (its desk
/// files reports, its warning service sweeps), with short webhook retries.
func withWarningServer<T: Sendable>(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, AtlasServer) async throws -> T
) async throws -> T {
    let atlas = try DemoStore.copy()
    var configuration = ServerConfiguration()
    configuration.port = 0
    // The periodic sweep stays out of the way; tests call it when they want it.
    configuration.warnings.sweepInterval = 3600
    configuration.warnings.retry = WebhookRetryPolicy(attempts: 4, baseDelay: 0.05, maxDelay: 1)
    configuration.warnings.attemptTimeout = 5
    configuration.warnings.pollInterval = 0.5
    configuration.logLevel = .warning
    configure(&configuration)
    let server = AtlasServer(atlas: atlas, configuration: configuration)
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let application = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  services: [server.warnings], logger: logger)
    return try await application.test(.live) { client in try await body(client, server) }
}

enum WarningFixtures {
    static let dispatcher = CaseActor(id: "test-dispatch", role: .dispatcher)

    /// The demo's grid codes, in code order.
    static func grids(_ atlas: Atlas) throws -> [String] {
        let generation = try #require(try atlas.store.generation(named: "2024"))
        return try atlas.store.units(inGeneration: generation.id).filter { $0.tier == .grid }.map(\.code)
    }

    static func interiorPoint(of code: String, in atlas: Atlas) throws -> LonLat {
        let generation = try #require(try atlas.store.generation(named: "2024"))
        let unit = try #require(try atlas.store.units(inGeneration: generation.id).first { $0.code == code })
        let geos = GEOSContext()
        return try #require(geos.pointOnSurface(try geos.geometry(unit.geometry)))
    }

    /// Files `count` reports in `grid` now, through the server's desk (as intake would).
    @discardableResult
    static func file(_ server: AtlasServer, grid: String, count: Int = 1, matter: String = "M001") throws -> [Report] {
        let point = try interiorPoint(of: grid, in: server.atlas)
        return try (0..<count).map { i in
            try server.desk.file(ReportDraft(matterCode: matter, description: "test \(i)", position: point), by: dispatcher)
        }
    }

    /// Polls `probe` until it gives a value; records an issue and throws after `seconds`.
    static func eventually<T>(_ what: String, seconds: Double = 30, _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("gave up waiting for \(what)")
        throw CancellationError()
    }
}
