import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Intake routing over HTTP: generation change, duplicates, reused photos, outside coverage.
@Suite struct IntakeRouteTests {
    static func ext(_ response: TestResponse) -> [String: Any] {
        Open311Tests.array(response).first?["extended_attributes"] as? [String: Any] ?? [:]
    }

    @Test func aReportKeepsTheGridOfItsOwnMomentAcrossARedraw() async throws {
        try await withLiveServer { client, atlas in
            let p = try Open311Tests.point(atlas)
            let redraw = Dates.parse("2026-06-01")!
            let text = String(decoding: DemoStore.file("data/demo/units.geojson"), as: UTF8.self)
                .replacingOccurrences(of: "\"\(Open311Tests.grid)\"", with: "\"450299001001099\"")
            _ = try atlas.importUnits(files: [("2026.geojson", Data(text.utf8))], crs: .wgs84, crsIsExplicit: false,
                                      generation: "2026", publishAt: redraw, backdate: true)
            func file(at t: Date) async throws -> [String: Any] {
                Self.ext(try await Open311Tests.post(client, ["service_code": "M001", "lat": "\(p.lat)", "long": "\(p.lon)",
                                                              "requested_datetime": Dates.format(t)], as: .dispatcher))
            }
            let before = try await file(at: redraw.addingTimeInterval(-1))
            let after = try await file(at: redraw.addingTimeInterval(1))
            #expect(before["grid"] as? String == Open311Tests.grid && before["generation"] as? String == "2024")
            #expect(after["grid"] as? String == "450299001001099" && after["generation"] as? String == "2026")
            // Citizens cannot date their reports: they are filed at arrival.
            let citizen = try await Open311Tests.post(client, ["service_code": "M001", "lat": "\(p.lat)", "long": "\(p.lon)",
                                                               "requested_datetime": Dates.format(redraw)])
            #expect(citizen.status == .badRequest)
        }
    }

    @Test func duplicatesAndReusedPhotosAreFlagged() async throws {
        try await withLiveServer { client, atlas in
            let p = try Open311Tests.point(atlas)
            let q = try Open311Tests.point(atlas, "450299001001002")
            func file(_ at: LonLat, _ extra: [String: String] = [:], matter: String = "M050") async throws -> [String: Any] {
                var fields = ["service_code": matter, "lat": "\(at.lat)", "long": "\(at.lon)"]
                for (k, v) in extra { fields[k] = v }
                let response = try await Open311Tests.post(client, fields)
                #expect(response.status == .created, "\(response.text)")
                return Open311Tests.array(response).first ?? [:]
            }
            let first = try await file(p)
            let again = try await file(LonLat(p.lon + 0.0001, p.lat))
            let elsewhere = try await file(q)
            #expect((again["extended_attributes"] as? [String: Any])?["duplicate_of"] as? String == first["service_request_id"] as? String)
            #expect((elsewhere["extended_attributes"] as? [String: Any])?["duplicate_of"] is NSNull)
            let photo = "https://img.example.org/patrol/0042.jpg"
            var ids: [String] = []
            for (i, at) in [p, q, p].enumerated() {
                let filed = try await file(at, ["media_url": photo], matter: ["M060", "M061", "M062"][i])
                ids.append(filed["service_request_id"] as? String ?? "")
            }
            let read = Open311Tests.array(try await client.call("/open311/v2/requests/\(ids[0]).json", as: .dispatcher)).first
            let ext = read?["extended_attributes"] as? [String: Any]
            #expect(ext?["media_reused_by"] as? [String] == [ids[1], ids[2]])
            let hashed = try await file(q, ["media_hash": String(repeating: "ab", count: 32)], matter: "M063")
            let hashedAgain = try await file(p, ["media_hash": String(repeating: "AB", count: 32)], matter: "M064")
            #expect((hashedAgain["extended_attributes"] as? [String: Any])?["media_reused_by"] as? [String]
                    == [hashed["service_request_id"] as? String ?? "-"])
        }
    }

    @Test func outsideCoverageIsAcceptedForManualDispatch() async throws {
        try await withLiveServer { client, _ in
            let response = try await Open311Tests.post(client, ["service_code": "M001", "lat": "24.0", "long": "108.0"])
            #expect(response.status == .created)
            let answer = try #require(Open311Tests.array(response).first)
            #expect(answer["service_notice"] is String)
            let ext = try #require(answer["extended_attributes"] as? [String: Any])
            #expect(ext["manual_dispatch"] as? Bool == true)
            #expect(ext["location_status"] as? String == "outside")
            #expect(ext["grid"] is NSNull)
            #expect((ext["nearest_grid"] as? String)?.count == 15)
        }
    }
}
