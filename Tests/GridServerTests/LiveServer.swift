import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// The demo district in a store of its own, with one key per role: what every server test
/// starts from. The store is loaded once and copied per test, so tests that write stay apart.
enum DemoStore {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let jan2024 = Dates.parse("2024-01-01")!

    static func file(_ relative: String) -> Data {
        FileManager.default.contents(atPath: root.appendingPathComponent(relative).path)!
    }

    /// Path of the loaded template and the secret of each role's key.
    static let template: (path: String, secrets: [AccessRole: String]) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-server-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("template.sqlite").path
        let atlas = Atlas(store: try! GridStore(path: path))
        _ = try! atlas.importUnits(files: [("units.geojson", file("data/demo/units.geojson"))], crs: .wgs84, crsIsExplicit: false,
                                   generation: "2024", publishAt: jan2024)
        _ = try! atlas.importRoster(name: "roster.csv", data: file("data/demo/roster.csv"), replace: false)
        _ = try! ReportDesk(atlas: atlas).importCatalogue(departments: ("departments.csv", file("data/catalogue/departments.csv")),
                                                          matters: ("matters.csv", file("data/catalogue/matters.csv")))
        var secrets: [AccessRole: String] = [:]
        for role in AccessRole.allCases { secrets[role] = try! atlas.store.createKey(name: "test \(role)", role: role).secret }
        // Fold the WAL into the main file so a plain copy carries everything.
        try! atlas.store.checkpoint()
        return (path, secrets)
    }()

    /// A fresh copy of the template.
    static func copy() throws -> Atlas {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: template.path, toPath: path)
        return Atlas(store: try GridStore(path: path))
    }

    static func secret(_ role: AccessRole) -> String { template.secrets[role]! }
}

/// Runs `body` against a real server on a loopback port over a fresh copy of the demo store.
func withLiveServer<T: Sendable>(
    reads: ServerConfiguration.ReadAccess = .public,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol, Atlas) async throws -> T
) async throws -> T {
    let atlas = try DemoStore.copy()
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.reads = reads
    configure(&configuration)
    let server = AtlasServer(atlas: atlas, configuration: configuration)
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let application = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                  services: [server.warnings], logger: logger)
    return try await application.test(.live) { client in try await body(client, atlas) }
}

extension TestClientProtocol {
    /// GET or POST with an optional key for `role`.
    func call(_ uri: String, method: HTTPRequest.Method = .get, as role: AccessRole? = nil, key: String? = nil,
              body: String? = nil, contentType: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let role { headers[.authorization] = "Bearer \(DemoStore.secret(role))" }
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}
