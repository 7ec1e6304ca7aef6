import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Open311 GeoReport v2 over a live server, field by field against the spec.
@Suite struct Open311Tests {
    static let grid = "450299001001001"

    static func point(_ atlas: Atlas, _ code: String = grid) throws -> LonLat {
        let view = try atlas.view(for: try atlas.generation(named: "2024", at: Date()))
        let unit = view.unit(try view.id(of: code))
        let box = unit.geometry.bounds
        // The centre of the box of a demo grid lies inside it (they are convex lattice cells).
        return LonLat((box.minLon + box.maxLon) / 2, (box.minLat + box.maxLat) / 2)
    }

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    static func post(_ client: any TestClientProtocol, _ fields: [String: String], as role: AccessRole? = .citizen,
                     key: String? = nil) async throws -> TestResponse {
        try await client.call("/open311/v2/requests.json", method: .post, as: role, key: key, body: form(fields),
                              contentType: "application/x-www-form-urlencoded")
    }

    static func array(_ response: TestResponse) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(response.text.utf8))) as? [[String: Any]] ?? []
    }

    @Test func servicesListEveryMatterInTheSpecShape() async throws {
        try await withLiveServer { client, atlas in
            let response = try await client.call("/open311/v2/services.json")
            #expect(response.status == .ok)
            let services = Self.array(response)
            let catalogue = try atlas.store.catalogue()
            #expect(services.count == catalogue.matters.count)
            #expect(services.count == 96)
            let m001 = try #require(services.first { $0["service_code"] as? String == "M001" })
            #expect(m001["service_name"] as? String == "消防通道堵塞")
            #expect(m001["metadata"] as? Bool == false)
            #expect(m001["type"] as? String == "realtime")
            #expect(m001["group"] as? String == "消防救援")
            #expect(m001["keywords"] is String)
            #expect(m001["description"] is String)
            let definition = try await client.call("/open311/v2/services/M001.json")
            #expect(definition.json["service_code"] as? String == "M001")
            #expect((definition.json["attributes"] as? [Any])?.isEmpty == true)
            let unknown = try await client.call("/open311/v2/services/M999.json")
            #expect(unknown.status == .notFound)
            #expect(Self.array(unknown).first?["code"] as? Int == 404)
            #expect((Self.array(unknown).first?["description"] as? String)?.contains("M999") == true)
        }
    }

    @Test func postThenGetRoundTripsEverySpecField() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.point(atlas)
            let before = Date().addingTimeInterval(-1)
            let posted = try await Self.post(client, [
                "service_code": "M001", "lat": "\(p.lat)", "long": "\(p.lon)", "address_string": "柳石路 12 号",
                "description": "消防通道被电动车堵塞", "media_url": "https://example.org/p/1.jpg", "email": "a@example.org",
                "phone": "13800000000", "device_id": "dev-1", "first_name": "小", "last_name": "王",
                "api_key": DemoStore.secret(.citizen),
            ], as: nil)
            #expect(posted.status == .created, "\(posted.text)")
            let created = try #require(Self.array(posted).first)
            let id = try #require(created["service_request_id"] as? String)
            #expect(created.keys.contains("service_notice") && created.keys.contains("account_id"))

            let got = try await client.call("/open311/v2/requests/\(id).json", as: .citizen)
            #expect(got.status == .ok, "\(got.text)")
            let items = Self.array(got)
            #expect(items.count == 1)
            let r = try #require(items.first)
            #expect(r["service_request_id"] as? String == id)
            #expect(r["status"] as? String == "open")
            #expect(r["service_code"] as? String == "M001")
            #expect(r["service_name"] as? String == "消防通道堵塞")
            #expect(r["description"] as? String == "消防通道被电动车堵塞")
            #expect(r["agency_responsible"] as? String == "消防救援")
            #expect(r["address"] as? String == "柳石路 12 号")
            #expect(r["media_url"] as? String == "https://example.org/p/1.jpg")
            #expect(abs((r["lat"] as? Double ?? 0) - p.lat) < 1e-9 && abs((r["long"] as? Double ?? 0) - p.lon) < 1e-9)
            let requested = try #require(Dates.parse(r["requested_datetime"] as? String ?? ""))
            let updated = try #require(Dates.parse(r["updated_datetime"] as? String ?? ""))
            let expected = try #require(Dates.parse(r["expected_datetime"] as? String ?? ""))
            #expect(requested >= before && requested <= Date())
            #expect(updated == requested)
            #expect(expected.timeIntervalSince(requested) == 24 * 3600)  // M001's deadline
            #expect(r.keys.contains("status_notes") && r.keys.contains("zipcode") && r.keys.contains("address_id"))
            // A citizen does not get contact details back, even its own.
            #expect(r["email"] == nil && r["phone"] == nil)
            let ext = try #require(r["extended_attributes"] as? [String: Any])
            #expect(ext["grid"] as? String == Self.grid)
            #expect(ext["generation"] as? String == "2024")
            #expect(ext["state"] as? String == "reported")
            #expect(ext["department"] as? String == "fire")
            #expect(((ext["worker"] as? [String: Any])?["id"] as? String)?.hasPrefix("W") == true)
            #expect((ext["units"] as? [[String: String]])?.map { $0["code"]! } == ["450299", "450299001", "450299001001", Self.grid])

            // Staff see the reporter's details.
            let staff = Self.array(try await client.call("/open311/v2/requests/\(id).json", as: .dispatcher)).first ?? [:]
            #expect(staff["email"] as? String == "a@example.org")
            #expect(staff["phone"] as? String == "13800000000")
            #expect(staff["device_id"] as? String == "dev-1")
        }
    }

    @Test func wechatGCJ02LandsInTheSameGridAndCanBeReadBackInGCJ02() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.point(atlas)
            let gcj = ChinaOffset.gcj02(fromWGS84: p)
            let json = "{\"service_code\":\"M002\",\"lat\":\(gcj.lat),\"long\":\(gcj.lon),\"crs\":\"gcj02\",\"description\":\"楼道充电\"}"
            let posted = try await client.call("/open311/v2/requests.json", method: .post, as: .citizen, body: json,
                                               contentType: "application/json")
            #expect(posted.status == .created, "\(posted.text)")
            let id = try #require(Self.array(posted).first?["service_request_id"] as? String)
            let wgs = try #require(Self.array(try await client.call("/open311/v2/requests/\(id).json", as: .citizen)).first)
            #expect((wgs["extended_attributes"] as? [String: Any])?["grid"] as? String == Self.grid)
            #expect(abs((wgs["lat"] as? Double ?? 0) - p.lat) < 1e-6)  // WGS84 by default
            let back = try #require(Self.array(try await client.call("/open311/v2/requests/\(id).json?crs=gcj02", as: .citizen)).first)
            #expect(abs((back["lat"] as? Double ?? 0) - gcj.lat) < 1e-6 && abs((back["long"] as? Double ?? 0) - gcj.lon) < 1e-6)
        }
    }

    @Test func badInputGetsTheSpecErrorShapeAndStoresNothing() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.point(atlas)
            let good = ["service_code": "M001", "lat": "\(p.lat)", "long": "\(p.lon)", "description": "x"]
            func with(_ change: [String: String?]) -> [String: String] {
                var fields = good
                for (k, v) in change { fields[k] = v }
                return fields
            }
            let cases: [(fields: [String: String], status: Int, parameter: String)] = [
                (with(["service_code": "M999"]), 400, "service_code"),
                (with(["service_code": nil]), 400, "service_code"),
                (with(["lat": nil, "long": nil]), 400, "lat"),
                (with(["lat": nil]), 400, "lat"),
                (with(["lat": "95"]), 400, "lat"),
                (with(["long": "181"]), 400, "long"),
                (with(["lat": "nan"]), 400, "lat"),
                (with(["long": "1e999"]), 400, "long"),
                (with(["description": String(repeating: "长", count: 4001)]), 400, "description"),
                (with(["crs": "EPSG:999999"]), 400, "crs"),
                (with(["requested_datetime": "2020-01-01T00:00:00+08:00"]), 400, "requested_datetime"),
                (with(["media_hash": "not-a-hash"]), 400, "media_hash"),
            ]
            for c in cases {
                let response = try await Self.post(client, c.fields)
                #expect(Int(response.status.code) == c.status, "\(c.fields): \(response.text)")
                let error = Self.array(response).first
                #expect(error?["code"] as? Int == c.status, "\(response.text)")
                #expect((error?["description"] as? String)?.isEmpty == false)
                #expect(error?["parameter"] as? String == c.parameter, "\(c.fields): \(response.text)")
            }
            let anonymous = try await Self.post(client, good, as: nil)
            #expect(anonymous.status == .unauthorized)
            let wrongKey = try await Self.post(client, with(["api_key": "ga_nope"]), as: nil)
            #expect(wrongKey.status == .unauthorized)
            let xml = try await client.call("/open311/v2/requests.json", method: .post, as: .citizen, body: "<x/>", contentType: "text/xml")
            #expect(xml.status == .unsupportedMediaType)
            let problem = try await client.execute(uri: "/open311/v2/services/M999.json", method: .get,
                                                   headers: [.accept: "application/problem+json"], body: nil)
            #expect(problem.isProblem && problem.status == .notFound)
            #expect(try atlas.store.reportCount(ReportFilter()) == 0)
        }
    }

    @Test func citizensSeeOnlyTheirOwnReports() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.point(atlas)
            let other = try atlas.store.createKey(name: "another citizen", role: .citizen).secret
            let fields = ["service_code": "M010", "lat": "\(p.lat)", "long": "\(p.lon)"]
            let mine = Self.array(try await Self.post(client, fields)).first?["service_request_id"] as? String
            let theirs = Self.array(try await Self.post(client, fields, as: nil, key: other)).first?["service_request_id"] as? String
            let id = try #require(mine), otherId = try #require(theirs)
            #expect(try await client.call("/open311/v2/requests/\(otherId).json", as: .citizen).status == .notFound)
            #expect(try await client.call("/cases/\(otherId)", as: .citizen).status == .notFound)
            let list = Self.array(try await client.call("/open311/v2/requests.json", as: .citizen))
            #expect(list.map { $0["service_request_id"] as? String } == [id])
            let all = Self.array(try await client.call("/open311/v2/requests.json", as: .viewer))
            #expect(Set(all.compactMap { $0["service_request_id"] as? String }) == [id, otherId])
            #expect(all.allSatisfy { $0["email"] == nil })
            let anonymous = try await client.call("/open311/v2/requests.json")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func listFiltersFollowTheSpec() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.point(atlas)
            var ids: [String] = []
            for (i, code) in ["M001", "M001", "M002", "M030"].enumerated() {
                let t = Dates.format(Date().addingTimeInterval(Double(-86400 * (i + 1))))
                let posted = try await Self.post(client, ["service_code": code, "lat": "\(p.lat + Double(i) * 0.001)", "long": "\(p.lon)",
                                                          "requested_datetime": t], as: .dispatcher)
                ids.append(try #require(Self.array(posted).first?["service_request_id"] as? String, "\(posted.text)"))
            }
            _ = try await client.call("/cases/\(ids[1])/transitions", method: .post, as: .dispatcher, body: "{\"to\":\"rejected\",\"note\":\"不属实\"}")
            func list(_ q: String) async throws -> [String] {
                Self.array(try await client.call("/open311/v2/requests.json?\(q)", as: .viewer)).compactMap { $0["service_request_id"] as? String }
            }
            #expect(try await list("service_code=M001") == [ids[0], ids[1]])
            #expect(try await list("service_code=M001,M002") == [ids[0], ids[1], ids[2]])
            #expect(try await list("status=closed") == [ids[1]])
            #expect(try await list("status=open&service_code=M001") == [ids[0]])
            #expect(try await list("service_request_id=\(ids[3]),\(ids[2])").sorted() == [ids[2], ids[3]].sorted())
            #expect(try await list("service_request_id=\(ids[3])&service_code=M001") == [ids[3]])  // other filters ignored
            let start = Dates.format(Date().addingTimeInterval(-2.5 * 86400))
            #expect(try await list("start_date=\(start.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)") == [ids[0], ids[1]])
            #expect(try await list("page_size=1&page=2") == [ids[1]])
            let bad = try await client.call("/open311/v2/requests.json?status=pending", as: .viewer)
            #expect(bad.status == .badRequest && Self.array(bad).first?["parameter"] as? String == "status")
        }
    }
}
