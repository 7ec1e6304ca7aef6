import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Errors are problem+json naming the parameter")
struct ErrorTests {
    static let cases: [(uri: String, status: Int, parameter: String?)] = [
        ("/locate?lat=24.26", 400, "lon"),
        ("/locate?lon=108.37", 400, "lat"),
        ("/locate?lon=abc&lat=24.26", 400, "lon"),
        ("/locate?lon=nan&lat=24.26", 400, "lon"),
        ("/locate?lon=inf&lat=24.26", 400, "lon"),
        ("/locate?lon=1e999&lat=24.26", 400, "lon"),
        ("/locate?lon=108.37&lat=95", 400, "lat"),
        ("/locate?lon=181&lat=24", 400, "lon"),
        ("/locate?lon=108.37&lat=24.26&crs=mars2000", 400, "crs"),
        ("/locate?lon=108.37&lat=24.26&crs=EPSG:999999", 400, "crs"),
        ("/locate?lon=108.37&lat=24.26&at=yesterday", 400, "at"),
        ("/locate?lon=108.37&lat=24.26&accuracy=-5", 400, "accuracy"),
        ("/locate?lon=108.37&lat=24.26&accuracy=nan", 400, "accuracy"),
        ("/locate?lon=108.37&lat=24.26&generation=1999", 404, "generation"),
        ("/locate?lon=108.37&lat=24.26&at=1990-01-01", 404, "at"),
        ("/point/4326/108.37", 400, "coordinates"),
        ("/point/4326/108.37,abc", 400, "lat"),
        ("/point/nowhere/108.37,24.26", 400, "crs"),
        ("/generations/none-such", 404, "name"),
        ("/generations/in-force?at=31/12/2024", 400, "at"),
        ("/no/such/route", 404, nil),
    ]

    @Test func everyBadRequestGetsAProblemNamingWhatIsWrong() async throws {
        try await withLiveServer { client, _ in
            for item in Self.cases {
                let response = try await client.call(item.uri)
                #expect(Int(response.status.code) == item.status, "\(item.uri): \(response.text)")
                #expect(response.isProblem, "\(item.uri)")
                let problem = response.json
                #expect(problem["status"] as? Int == item.status)
                #expect((problem["detail"] as? String)?.isEmpty == false)
                #expect(problem["parameter"] as? String == item.parameter, "\(item.uri): \(response.text)")
            }
        }
    }

    @Test func anOversizedBodyIsRefusedWith413() async throws {
        try await withLiveServer(configure: { $0.maxBodyBytes = 1000 }) { client, _ in
            let response = try await client.call("/imports/roster", method: .post, as: .planner,
                                                 body: String(repeating: "x", count: 5000), contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
            #expect(response.isProblem)
        }
    }

    @Test func healthAndMetricsAreOpenAndCountLookups() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let health = try await client.call("/health")
            #expect(health.status == .ok)
            #expect(health.json["generation"] as? String == "2024")
            _ = try await client.call("/locate?lon=108.37&lat=24.26", as: .viewer)
            let metrics = try await client.call("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("gridatlas_lookups_total{kind=\"single\"}"))
            #expect(metrics.text.contains("http_server_request_duration"))
            #expect(metrics.text.contains("gridatlas_generation_in_force_id"))
        }
    }
}

@Suite("An empty store")
struct EmptyStoreTests {
    @Test func listsTheTiersAndAnswersLookupsWithAProblem() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-empty-\(UUID().uuidString)")
        let atlas = Atlas(store: try GridStore(path: folder.appendingPathComponent("empty.sqlite").path))
        var configuration = ServerConfiguration()
        configuration.port = 0
        let application = Application(router: AtlasServer(atlas: atlas, configuration: configuration).router(),
                                      configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            let collections = try await client.call("/collections")
            #expect(collections.status == .ok)
            #expect((collections.json["collections"] as? [Any])?.count == 5)
            let items = try await client.call("/collections/grid/items")
            #expect(items.status == .notFound && items.isProblem)
            let locate = try await client.call("/locate?lon=108.4&lat=24.3")
            #expect(locate.status == .notFound && locate.isProblem)
            #expect((locate.json["detail"] as? String)?.contains("import units first") == true)
            let health = try await client.call("/health")
            #expect(health.status == .ok)
        }
    }
}
