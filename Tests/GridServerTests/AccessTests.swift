import Foundation
import GridAtlas
import GridServer
import GridStore
import Testing

@Suite("Keys and roles")
struct AccessTests {
    /// Each write, the role it needs, and how to make the call.
    struct Write: Sendable, CustomStringConvertible {
        var name: String
        var needs: AccessRole
        var method: HTTPRequestMethod
        var uri: @Sendable (Atlas) throws -> String
        var body: String?
        var contentType: String?
        var description: String { name }
    }

    typealias HTTPRequestMethod = String

    static let writes: [Write] = [
        Write(name: "import units", needs: .planner, method: "POST", uri: { _ in "/imports/units?generation=next-\(UUID().uuidString.prefix(8))" },
              body: String(decoding: DemoStore.file("data/demo/units.geojson"), as: UTF8.self), contentType: "application/geo+json"),
        Write(name: "import roster", needs: .planner, method: "POST", uri: { _ in "/imports/roster?replace=true" },
              body: String(decoding: DemoStore.file("data/demo/roster.csv"), as: UTF8.self), contentType: "text/csv"),
        Write(name: "activate generation", needs: .planner, method: "POST", uri: { atlas in
            // A draft to publish, made behind the server's back as another planner would.
            _ = try atlas.importUnits(files: [("units.geojson", DemoStore.file("data/demo/units.geojson"))], crs: .wgs84,
                                      crsIsExplicit: false, generation: "draft-\(UUID().uuidString.prefix(6))")
            let all = try atlas.store.generations()
            // Each allowed call publishes one more generation, each a day after the last.
            let day = all.count < 9 ? "0\(all.count + 1)" : "\(all.count + 1)"
            return "/generations/\(all.last!.name)/activate?effective_from=2030-01-\(day)"
        }),
        Write(name: "list keys", needs: .admin, method: "GET", uri: { _ in "/keys" }),
        Write(name: "revoke key", needs: .admin, method: "DELETE", uri: { atlas in
            "/keys/\(try atlas.store.createKey(name: "throwaway", role: .viewer).key.id)"
        }),
    ]

    @Test(arguments: writes)
    func eachRoleAgainstEachWrite(write: Write) async throws {
        try await withLiveServer { client, atlas in
            for role in [nil] + AccessRole.allCases {
                let uri = try write.uri(atlas)
                let before = try atlas.store.generations().count
                let response = try await client.call(uri, method: .init(write.method)!, as: role, body: write.body,
                                                     contentType: write.contentType)
                switch role {
                case nil:
                    #expect(response.status == .unauthorized, "\(write) anonymous: \(response.text)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                case let role? where role < write.needs:
                    #expect(response.status == .forbidden, "\(write) as \(role): \(response.text)")
                case let role?:
                    #expect((200..<300).contains(Int(response.status.code)), "\(write) as \(role): \(response.text)")
                }
                if let role, role >= write.needs { continue }
                #expect(response.isProblem)
                #expect(try atlas.store.generations().count == before)
                #expect(try atlas.store.generations().filter { $0.state == .published }.count == 1)
            }
        }
    }

    @Test func keyedReadsNeedAViewerKeyAndHealthStaysOpen() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let r1 = try await client.call("/locate?lon=108.37&lat=24.26")
            #expect(r1.status == .unauthorized)
            let r2 = try await client.call("/generations")
            #expect(r2.status == .unauthorized)
            let r3 = try await client.call("/locate?lon=108.37&lat=24.26", as: .viewer)
            #expect(r3.status == .ok)
            let r4 = try await client.call("/health")
            #expect(r4.status == .ok)
        }
    }

    @Test func wrongAndRevokedKeysAreRefusedEvenOnPublicReads() async throws {
        try await withLiveServer { client, atlas in
            let r5 = try await client.call("/generations", key: "ga_notakey")
            #expect(r5.status == .unauthorized)
            let r6 = try await client.call("/generations", key: "ga_ABCDEFGH_" + String(repeating: "x", count: 32))
            #expect(r6.status == .unauthorized)
            // Made behind the server's back (as the CLI does): found on the very next request.
            let made = try atlas.store.createKey(name: "temp", role: .dispatcher)
            let tampered = String(made.secret.dropLast()) + (made.secret.hasSuffix("a") ? "b" : "a")
            let r7 = try await client.call("/generations", key: tampered)
            #expect(r7.status == .unauthorized)
            let r8 = try await client.call("/generations", key: made.secret)
            #expect(r8.status == .ok)
            try atlas.store.revokeKey(id: made.key.id)
            // Revoked behind the server's back: refused once the store's change counters are read
            // again, at most 0.1 s later (LiveStateTests times it exactly).
            var refused = try await client.call("/generations", key: made.secret)
            let deadline = Date().addingTimeInterval(2)
            while refused.status != .unauthorized && Date() < deadline {
                refused = try await client.call("/generations", key: made.secret)
            }
            #expect(refused.status == .unauthorized)
            #expect(refused.json["detail"] as? String == "the API key has been revoked")
        }
    }

    @Test func secretsAreStoredOnlyAsDigests() throws {
        let atlas = try DemoStore.copy()
        let made = try atlas.store.createKey(name: "auditor", role: .viewer)
        let stored = try #require(try atlas.store.keys().first { $0.id == made.key.id })
        #expect(stored.secretSHA256 != made.secret)
        #expect(stored.secretSHA256.count == 64)
        #expect(stored.matches(made.secret))
        #expect(!stored.matches(made.secret + "x"))
        let raw = try #require(FileManager.default.contents(atPath: atlas.store.path))
        #expect(raw.range(of: Data(made.secret.utf8)) == nil)
        #expect(throws: StoreError.badKeyName) { try atlas.store.createKey(name: "  ", role: .viewer) }
        #expect(throws: StoreError.keyNotFound("nope")) { try atlas.store.revokeKey(id: "nope") }
    }
}
