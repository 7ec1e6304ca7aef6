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

/// A real HTTP server on loopback that records every webhook POST and answers each path with
/// the statuses it was scripted with (then 200).
final class WebhookReceiver: Sendable {
    struct Hit: Sendable {
        var path: String
        var headers: [String: String]
        var body: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }
    }

    private let state = Mutex<(hits: [Hit], script: [String: [Int]])>(([], [:]))

    init(script: [String: [Int]] = [:]) {
        state.withLock { $0.script = script }
    }

    var hits: [Hit] { state.withLock { $0.hits } }

    func hits(_ path: String) -> [Hit] { hits.filter { $0.path == path } }

    private func record(_ hit: Hit) -> Int {
        state.withLock { state in
            state.hits.append(hit)
            guard var statuses = state.script[hit.path], !statuses.isEmpty else { return 200 }
            let status = statuses.removeFirst()
            state.script[hit.path] = statuses
            return status
        }
    }

    /// Runs `body` with the receiver listening; `base` is its URL, e.g. `http://localhost:PORT`.
    func run<T: Sendable>(_ body: @Sendable (_ base: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post(":path") { request, context -> Response in
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = self.record(Hit(path: "/" + (context.parameters.get("path") ?? ""), headers: headers, body: data))
            return Response(status: HTTPResponse.Status(code: status))
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .warning
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await application.test(.live) { client in
            try await body("http://localhost:\(try #require(client.port))")
        }
    }
}
