import Foundation
import GridAtlas
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// `GET /generations/{name}/geopackage` and GeoPackage bodies on `POST /imports/units`, over a
/// real loopback server.
@Suite struct GeoPackageRouteTests {
    static let mediaType = "application/geopackage+sqlite3"

    func post(_ client: any TestClientProtocol, _ uri: String, _ body: ByteBuffer, contentType: String) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(DemoStore.secret(.planner))"]
        headers[.contentType] = contentType
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body)
    }

    @Test func downloadAndSendBackAsADraft() async throws {
        try await withLiveServer { client, atlas in
            let file = try await client.call("/generations/2024/geopackage")
            #expect(file.status == .ok, "\(file.text.prefix(300))")
            #expect(file.headers[.contentType] == Self.mediaType)
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"gridatlas-2024.gpkg\"; filename*=UTF-8''gridatlas-2024.gpkg")
            #expect(Array(file.body.readableBytesView.prefix(16)) == Array("SQLite format 3\0".utf8))

            let stored = try await post(client, "/imports/units?generation=edited&filename=2024.gpkg", file.body, contentType: Self.mediaType)
            #expect(stored.status == .created, "\(stored.text.prefix(500))")
            #expect((stored.json["units"] as? [String: Int])?["grid"] == 110)
            // Told by its SQLite header when the type says nothing useful.
            let sniffed = try await post(client, "/imports/units?generation=sniffed", file.body, contentType: "application/octet-stream")
            #expect(sniffed.status == .created, "\(sniffed.text.prefix(500))")
            let original = try atlas.store.units(inGeneration: try atlas.store.generation(named: "2024")!.id)
            let edited = try atlas.store.units(inGeneration: try atlas.store.generation(named: "edited")!.id)
            #expect(edited.sorted { $0.code < $1.code } == original.sorted { $0.code < $1.code })
        }
    }

    @Test func chosenTiersAndCRS() async throws {
        try await withLiveServer { client, atlas in
            let grids = try await client.call("/generations/2024/geopackage?tier=grid&crs=EPSG:4490")
            #expect(grids.status == .ok)
            #expect(grids.headers[.contentDisposition]?.contains("filename=\"gridatlas-2024-grid.gpkg\"") == true)
            // The grids alone have no parents in a new generation: refused with layer and fid, nothing stored.
            let orphans = try await post(client, "/imports/units?generation=orphans&filename=grids.gpkg", grids.body, contentType: Self.mediaType)
            #expect(orphans.status == .unprocessableContent)
            let errors = orphans.json["errors"] as? [String] ?? []
            #expect(errors.count == 110)
            #expect(errors.first?.hasPrefix("grids.gpkg: layer grid, fid 1 (code 450299001001001), field parent:") == true, "\(errors.first ?? "")")
            #expect(try atlas.store.generation(named: "orphans") == nil)
        }
    }

    @Test func badRequests() async throws {
        try await withLiveServer { client, _ in
            for (uri, status, parameter) in [("/generations/ghost/geopackage", 404, "name"),
                                             ("/generations/2024/geopackage?tier=planet", 400, "tier"),
                                             ("/generations/2024/geopackage?crs=EPSG:4547", 400, "crs"),
                                             ("/generations/2024/geopackage?crs=nowhere", 400, "crs")] {
                let response = try await client.call(uri)
                #expect(Int(response.status.code) == status, "\(uri): \(response.text)")
                #expect(response.isProblem)
                #expect(response.json["parameter"] as? String == parameter, "\(uri): \(response.text)")
            }
            let geojson = ByteBuffer(bytes: DemoStore.file("data/demo/units.geojson"))
            let refused = try await post(client, "/imports/units?generation=g", geojson, contentType: Self.mediaType)
            #expect(refused.status == .unprocessableContent)
            #expect((refused.json["errors"] as? [String])?.first?.contains("not a SQLite file") == true, "\(refused.text)")
        }
        try await withLiveServer(reads: .keyed) { client, _ in
            let anonymous = try await client.call("/generations/2024/geopackage")
            #expect(anonymous.status == .unauthorized)
            let viewer = try await client.call("/generations/2024/geopackage", as: .viewer)
            #expect(viewer.status == .ok)
        }
    }
}
