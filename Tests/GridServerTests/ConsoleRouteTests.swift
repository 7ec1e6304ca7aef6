import Foundation
import GridAtlas
import GridDomain
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The map console's routes on a real server over loopback: the page for browsers at `/` beside
/// the OGC landing page, its files and Leaflet's, and what the page asks of the server
/// (`/whoami`, `/units/search`, `/reports/points`, `/reports/monthly`). The page itself is driven
/// in Chromium by tools/check-console.
@Suite("Map console routes over HTTP")
struct ConsoleRouteTests {
    static let html: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

    @Test func browsersGetThePageAndOtherClientsTheLandingPage() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let page = try await client.execute(uri: "/", method: .get, headers: Self.html)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("/vendor/leaflet/leaflet.js") && page.text.contains("/console/js/console.js"))
            // The page is open; the data behind it is not.
            let landing = try await client.call("/")
            #expect(landing.status == .unauthorized && landing.isProblem)
            let landingKeyed = try await client.call("/", as: .viewer)
            #expect(landingKeyed.status == .ok && landingKeyed.headers[.contentType] == "application/json")
            let links = landingKeyed.json["links"] as? [[String: Any]] ?? []
            #expect(links.contains { $0["rel"] as? String == "alternate" && $0["type"] as? String == "text/html" })
            // f= overrides the Accept header both ways.
            var keyed = Self.html
            keyed[.authorization] = "Bearer \(DemoStore.secret(.viewer))"
            let asJSON = try await client.execute(uri: "/?f=json", method: .get, headers: keyed)
            #expect(asJSON.headers[.contentType] == "application/json")
            let asHTML = try await client.call("/?f=html")
            #expect(asHTML.status == .ok && asHTML.headers[.contentType] == "text/html; charset=utf-8")
        }
    }

    @Test func everyFileThePageLoadsIsServed() async throws {
        try await withLiveServer { client, _ in
            let page = try await client.call("/?f=html").text
            let references = page.matches(of: /(?:src|href)="(\/[^"]+)"/).map { String($0.1) }
            #expect(references.count >= 15, "\(references)")
            for path in references {
                let response = try await client.call(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                let type = response.headers[.contentType] ?? ""
                #expect(path.hasSuffix(".js") ? type.hasPrefix("text/javascript") : type.hasPrefix("text/css"), "\(path): \(type)")
                #expect(response.body.readableBytes > 100, "\(path) is nearly empty")
            }
            let icon = try await client.call("/vendor/leaflet/images/layers.png")
            #expect(icon.status == .ok && icon.headers[.contentType] == "image/png")
        }
    }

    @Test func nothingOutsideTheFoldersIsServed() async throws {
        try await withLiveServer { client, _ in
            for path in ["/console/..%2F..%2Fopenapi.json", "/vendor/leaflet/..%2F..%2F..%2Fetc%2Fpasswd", "/vendor/leaflet/.hidden",
                         "/console/js/..", "/console/nothing.js", "/vendor/leaflet/images/%2Fetc%2Fpasswd"] {
                let response = try await client.call(path)
                #expect(response.status == .notFound, "\(path): \(response.status)")
                #expect(!response.text.contains("root:"), "\(path) leaked a file")
            }
        }
    }

    @Test func aMissingLeafletFolderIsNamedInTheProblem() async throws {
        try await withLiveServer(configure: { $0.leafletDirectory = "/nonexistent/leaflet" }) { client, _ in
            let response = try await client.call("/vendor/leaflet/leaflet.js")
            #expect(response.status == .notFound && response.isProblem)
            let detail = response.json["detail"] as? String ?? ""
            #expect(detail.contains("/nonexistent/leaflet") && detail.contains("libjs-leaflet"), "\(detail)")
        }
    }

    @Test func whoamiSaysWhatEachRoleMaySee() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let anonymous = try await client.call("/whoami")
            #expect(anonymous.status == .ok)
            #expect(anonymous.json["role"] == nil && anonymous.json["reads"] as? String == "keyed")
            #expect((anonymous.json["sees"] as? [String: Bool]) == ["units": false, "report_points": false, "phones": false,
                                                                    "planning": false, "keys": false])
            let expected: [(AccessRole, [String: Bool])] = [
                (.citizen, ["units": false, "report_points": false, "phones": false, "planning": false, "keys": false]),
                (.viewer, ["units": true, "report_points": true, "phones": false, "planning": false, "keys": false]),
                (.dispatcher, ["units": true, "report_points": true, "phones": true, "planning": false, "keys": false]),
                (.planner, ["units": true, "report_points": true, "phones": true, "planning": true, "keys": false]),
                (.admin, ["units": true, "report_points": true, "phones": true, "planning": true, "keys": true]),
            ]
            for (role, sees) in expected {
                let answer = try await client.call("/whoami", as: role)
                #expect(answer.json["role"] as? String == role.rawValue)
                #expect((answer.json["sees"] as? [String: Bool]) == sees, "\(role)")
                // What whoami promises, the routes keep: units for readers, points for viewers, keys for admins.
                let units = try await client.call("/units/search?q=450299", as: role)
                #expect((units.status == .ok) == sees["units"]!, "\(role) /units/search: \(units.status)")
                let points = try await client.call("/reports/points", as: role)
                #expect((points.status == .ok) == sees["report_points"]!, "\(role) /reports/points: \(points.status)")
                let keys = try await client.call("/keys", as: role)
                #expect((keys.status == .ok) == sees["keys"]!, "\(role) /keys: \(keys.status)")
            }
            let wrong = try await client.call("/whoami", key: "ga_nobody_xxxxxxxx")
            #expect(wrong.status == .unauthorized && wrong.isProblem)
        }
        try await withLiveServer(reads: .public) { client, _ in
            let anonymous = try await client.call("/whoami")
            #expect((anonymous.json["sees"] as? [String: Bool])?["units"] == true)
            #expect((anonymous.json["sees"] as? [String: Bool])?["report_points"] == false)
        }
    }

    @Test func searchFindsCodesAndNamesBestFirst() async throws {
        try await withLiveServer { client, atlas in
            let view = try atlas.view(for: try atlas.generation(named: "2024", at: Date()))
            let community = "450299001001"
            let exact = try await client.call("/units/search?q=\(community)&limit=50")
            #expect(exact.status == .ok)
            let codes = (exact.json["units"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let independent = view.units.filter { $0.code.hasPrefix(community) }.map(\.code)
            #expect(codes.first == community)
            #expect(Set(codes) == Set(independent), "\(codes.count) found, \(independent.count) codes start so")

            // By name: every unit whose name holds the text, communities before their grids.
            let name = try #require(view.units.first { $0.tier == .community }?.name)
            let named = try await client.call("/units/search?q=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&limit=200")
            let units = named.json["units"] as? [[String: Any]] ?? []
            #expect(Set(units.compactMap { $0["code"] as? String }) == Set(view.units.filter { $0.name.contains(name) }.map(\.code)))
            #expect(units.first?["tier"] as? String == "community" && units.first?["name"] as? String == name)
            let box = try #require(units.first?["bbox"] as? [Double])
            #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3])

            let grids = try await client.call("/units/search?q=\(community)&tier=grid&limit=2")
            let gridUnits = grids.json["units"] as? [[String: Any]] ?? []
            #expect(gridUnits.count == 2 && gridUnits.allSatisfy { $0["tier"] as? String == "grid" })
            #expect(gridUnits.first?["parent_name"] as? String == view.unit(try view.id(of: community)).name)

            for (uri, parameter) in [("/units/search", "q"), ("/units/search?q=%20", "q"), ("/units/search?q=a&limit=0", "limit"),
                                     ("/units/search?q=\(String(repeating: "x", count: 101))", "q"), ("/units/search?q=a&tier=street", "tier")] {
                let bad = try await client.call(uri)
                #expect(bad.status == .badRequest && bad.isProblem, "\(uri): \(bad.status)")
                #expect(bad.json["parameter"] as? String == parameter, "\(uri): \(bad.text)")
            }
            let none = try await client.call("/units/search?q=nowhere")
            #expect(none.status == .ok && (none.json["units"] as? [Any])?.isEmpty == true)
        }
    }
}
