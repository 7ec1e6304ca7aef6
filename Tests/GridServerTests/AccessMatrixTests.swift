import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every route the router serves × every role (none, citizen … admin) × both read settings,
/// against the rule docs/api.md states for the route ("Access by route"): allowed is never 401
/// or 403, refused is 401 (no key) or 403 (a key of too low a role) as problem+json. The route
/// list comes from the router, so a route added without a row in that table fails here.
///
/// Each answer is also searched for what the caller may not see: workers' and reporters' phone
/// numbers (dispatcher and above only) and the text of another citizen's report.
@Suite("Access matrix: every route, every role, the documented rule")
struct AccessMatrixTests {
    enum Rule: String, CaseIterable {
        case open, read, catalogue, citizen, viewer, dispatcher, planner, admin
    }

    static let roles: [AccessRole?] = [nil] + AccessRole.allCases

    /// docs/api.md's "Access by route" table: route key (``OpenAPITests/routeKey(_:_:)``) → rule.
    static let documented: [String: Rule] = {
        let text = String(decoding: DemoStore.file("docs/api.md"), as: UTF8.self)
        guard let section = text.range(of: "### Access by route") else { return [:] }
        var rules: [String: Rule] = [:]
        for line in text[section.upperBound...].split(separator: "\n") {
            // | `GET /units/{code}` | read |
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, cells[0].hasPrefix("`"), let rule = Rule(rawValue: cells[1]) else { continue }
            let route = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")).split(separator: " ")
            guard route.count == 2 else { continue }
            rules[OpenAPITests.routeKey(String(route[0]), String(route[1]))] = rule
        }
        return rules
    }()

    static func allows(_ rule: Rule, _ role: AccessRole?, reads: ServerConfiguration.ReadAccess) -> Bool {
        switch rule {
        case .open: return true
        case .read: return reads == .public || role?.allows(.viewer) == true
        case .catalogue: return reads == .public || role != nil
        default: return role?.allows(AccessRole(rawValue: rule.rawValue)!) == true
        }
    }

    static func routes(_ atlas: Atlas) -> [(key: String, method: String, path: String)] {
        AtlasServer(atlas: atlas, configuration: ServerConfiguration()).router().routes.map {
            (OpenAPITests.routeKey($0.method.rawValue, $0.path.description), $0.method.rawValue, $0.path.description)
        }
    }

    // MARK: The table

    @Test func everyRouteHasADocumentedRuleAndTheOpenAPIDocumentSaysTheSame() throws {
        let atlas = try DemoStore.copy()
        #expect(Self.documented.count > 60, "docs/api.md's access table was not found or not read")
        let routed = Set(Self.routes(atlas).map(\.key))
        let missing = routed.subtracting(Self.documented.keys).sorted()
        let stale = Set(Self.documented.keys).subtracting(routed).sorted()
        #expect(missing.isEmpty, "routes without a rule in docs/api.md's 'Access by route': \(missing)")
        #expect(stale.isEmpty, "rules in docs/api.md for routes the server lacks: \(stale)")

        let document = try SchemaJSON.parse(String(decoding: DemoStore.file("Sources/GridServer/Resources/openapi.json"), as: UTF8.self))
        for (key, route) in OpenAPITests.documentedRoutes(document) {
            let access = document["paths"]?[route.path]?[route.method]?["x-access"]?.stringValue
            // The OpenAPI document has no word for the catalogue's rule: it calls it read.
            let expected = Self.documented[key].map { $0 == .catalogue ? "read" : $0.rawValue }
            #expect(access == expected, "\(key): openapi.json says \(access ?? "-"), docs/api.md \(expected ?? "-")")
        }
    }

    // MARK: The matrix

    /// What the matrix plants before asking: another citizen's report (with a text that must not
    /// reach the test citizen or an anonymous caller) and the test citizen's own report filed at
    /// the same place with the same photo (so it is linked to the other one).
    struct Planted: Sendable {
        var marker: String
        var ownReport: String
        var otherReport: String
        var phones: Set<String>
    }

    static let reporterPhones = ["13700000042", "13700000043"]

    static func plant(_ client: any TestClientProtocol, _ atlas: Atlas) async throws -> Planted {
        _ = try atlas.createDraft("d1", from: "2024", actor: "matrix")
        let other = try atlas.store.createKey(name: "another citizen", role: .citizen).secret
        let marker = "OTHER-CITIZEN-\(UUID().uuidString)"
        let p = try Open311Tests.point(atlas)
        let photo = "https://img.example.org/matrix.jpg"
        func file(_ key: String?, _ description: String, phone: String) async throws -> String {
            let response = try await Open311Tests.post(client, ["service_code": "M050", "lat": "\(p.lat)", "long": "\(p.lon)",
                                                                "description": description, "phone": phone, "media_url": photo],
                                                       as: key == nil ? .citizen : nil, key: key)
            #expect(response.status == .created, "\(response.text)")
            return Open311Tests.array(response).first?["service_request_id"] as? String ?? "-"
        }
        let otherReport = try await file(other, marker, phone: reporterPhones[0])
        let ownReport = try await file(nil, "mine", phone: reporterPhones[1])
        let phones = Set(try atlas.store.roster().map(\.phone)).union(reporterPhones)
        return Planted(marker: marker, ownReport: ownReport, otherReport: otherReport, phones: phones)
    }

    struct Call {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var contentType: String?
    }

    /// A request for `route`: reads ask for real data (so their answers can be searched); writes
    /// name nothing that exists or send an empty body, so an allowed write is refused by the
    /// handler (400, 404) and the store stays as planted for the next role.
    static func call(_ route: (key: String, method: String, path: String), _ planted: Planted) -> Call {
        let reads = route.method == "GET"
        let grid = "450299001001001"
        func sample(_ name: String) -> String {
            switch name {
            case "code", "featureId": grid
            case "collectionId", "tier": "grid"
            case "name": !reads ? "no-such-draft" : route.path.contains("drafts") || route.path.contains("diff") || route.path.contains("balance") ? "d1" : "2024"
            case "revision": "1"
            case "crs": "4326"
            case "coordinates": "108.43,24.31"
            case "z": "14"
            case "x": "13126"
            case "y": "7050"
            case "id", "service_request_id": reads && !route.path.contains("webhooks") ? planted.ownReport : "999999"
            case "service_code": "M001"
            case "file":
                route.path.contains("images") ? "layers.png" : route.path.contains("js") ? "api.js"
                    : route.path.contains("leaflet") ? "leaflet.js" : "console.css"
            default: "x"
            }
        }
        var path = route.path
        for pattern in ["\\{([^}]+)\\}", ":([A-Za-z_]+)"] {
            while let range = path.range(of: pattern, options: .regularExpression) {
                let name = path[range].trimmingCharacters(in: CharacterSet(charactersIn: "{}:"))
                path.replaceSubrange(range, with: sample(name))
            }
        }
        let queries = [
            "GET /locate": "lon=108.43&lat=24.31", "GET /nearest-boundary": "lon=108.43&lat=24.31",
            "GET /units": "tier=grid&bbox=108.40,24.28,108.45,24.32", "GET /units/search": "q=4502",
            "GET /density": "tier=community", "GET /density/choropleth": "tier=community",
            "GET /density/ranking": "tier=grid&measure=households", "GET /generations/{}/diff": "days=30",
            "GET /generations/{}/geopackage": "tier=district", "GET /generations/{}/validation": "tier=district",
            "GET /reports/spot-check": "week=2026-W10&seed=1", "POST /units/intersecting": "tier=grid",
            "GET /open311/v2/requests.json": "start_date=2000-01-01",
        ]
        if let query = queries[route.key] { path += "?" + query }
        switch route.key {
        case "POST /locate": return Call(method: .post, uri: path, body: "[[108.43,24.31]]", contentType: "application/json")
        case "POST /units/intersecting":
            return Call(method: .post, uri: path, body: "LINESTRING (108.40 24.30, 108.45 24.32)", contentType: "text/plain")
        case "POST /imports/units": return Call(method: .post, uri: path, body: "", contentType: "application/geo+json")
        case "POST /imports/roster": return Call(method: .post, uri: path, body: "", contentType: "text/csv")
        case "POST /open311/v2/requests.json":
            return Call(method: .post, uri: path, body: "", contentType: "application/x-www-form-urlencoded")
        default:
            let method = HTTPRequest.Method(route.method)!
            return Call(method: method, uri: path, body: reads ? nil : "{}", contentType: reads ? nil : "application/json")
        }
    }

    @Test(arguments: ServerConfiguration.ReadAccess.allCases)
    func everyRoleGetsWhatTheRuleOfEachRouteSays(reads: ServerConfiguration.ReadAccess) async throws {
        try await withLiveServer(reads: reads) { client, atlas in
            let planted = try await Self.plant(client, atlas)
            let routes = Self.routes(atlas)
            #expect(routes.count == Self.documented.count)
            var controls = (phones: false, otherReport: false)
            // A connection of its own with a patient timeout: the whole suite runs beside this
            // test on two cores, and the matrix is some 900 requests, a few of them planning
            // questions; a slow answer is not what this test is about.
            let connection = TestClient(host: "localhost", port: try #require(client.port), configuration: .init(timeout: .seconds(120)))
            connection.connect()
            for route in routes {
                guard let rule = Self.documented[route.key] else {
                    Issue.record("\(route.key) has no rule in docs/api.md's 'Access by route'")
                    continue
                }
                let call = Self.call(route, planted)
                for role in Self.roles {
                    var headers: HTTPFields = [.accept: "application/problem+json, application/json;q=0.9, */*;q=0.1"]
                    if let role { headers[.authorization] = "Bearer \(DemoStore.secret(role))" }
                    if let type = call.contentType { headers[.contentType] = type }
                    let response = try await connection.execute(.init(call.uri, method: call.method, headers: headers,
                                                                      body: call.body.map { ByteBuffer(string: $0) }))
                    let text = String(buffer: response.body ?? ByteBuffer())
                    let who = "\(call.method) \(call.uri) as \(role?.rawValue ?? "anonymous") (\(rule), reads \(reads))"
                    let status = Int(response.status.code)
                    if Self.allows(rule, role, reads: reads) {
                        #expect(status != 401 && status != 403, "\(who) was refused: \(text.prefix(200))")
                        #expect(status < 500, "\(who): \(status) \(text.prefix(200))")
                    } else {
                        #expect(status == (role == nil ? 401 : 403), "\(who) answered \(status), not a refusal")
                        #expect(response.headers[.contentType] == "application/problem+json", "\(who): the refusal is not problem+json")
                        if role == nil { #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(who)") }
                    }
                    let shown = Self.shown(text, planted: planted)
                    if role?.allows(.dispatcher) != true {
                        #expect(shown.phones.isEmpty, "\(who) shows phone numbers \(shown.phones.sorted())")
                    } else {
                        controls.phones = controls.phones || !shown.phones.isEmpty
                    }
                    if role?.allows(.viewer) != true {
                        #expect(!shown.otherReport, "\(who) shows another citizen's report")
                    } else {
                        controls.otherReport = controls.otherReport || shown.otherReport
                    }
                }
            }
            try await connection.shutdown()
            // The searches find what they look for where it may be shown: they are not blind.
            #expect(controls.phones && controls.otherReport, "\(controls)")

            // The console page itself is open to everyone, whatever the reads.
            for role in Self.roles {
                var headers: HTTPFields = [.accept: "text/html"]
                if let role { headers[.authorization] = "Bearer \(DemoStore.secret(role))" }
                let page = try await client.execute(uri: "/", method: .get, headers: headers, body: nil)
                #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true, "GET / (html) as \(role?.rawValue ?? "anonymous")")
            }
        }
    }

    /// The planted phone numbers an answer shows, and whether it shows the other citizen's report.
    static func shown(_ text: String, planted: Planted) -> (phones: Set<String>, otherReport: Bool) {
        let numbers = Set(text.split(whereSeparator: { !$0.isNumber }).filter { $0.count == 11 }.map(String.init))
        return (numbers.intersection(planted.phones), text.contains(planted.marker))
    }

    // MARK: Report links

    @Test func aCitizenSeesNoOtherCitizensReportIdsThroughLinks() async throws {
        try await withLiveServer { client, atlas in
            let planted = try await Self.plant(client, atlas)
            let own = planted.ownReport, other = planted.otherReport
            func ext(_ object: [String: Any]?) -> [String: Any] { object?["extended_attributes"] as? [String: Any] ?? [:] }

            // Staff see both links to the other citizen's report.
            for role in [AccessRole.viewer, .dispatcher] {
                let read = ext(Open311Tests.array(try await client.call("/open311/v2/requests/\(own).json", as: role)).first)
                #expect(read["duplicate_of"] as? String == other, "\(role)")
                #expect(read["media_reused_by"] as? [String] == [other], "\(role)")
            }
            // The citizen who filed it sees neither, wherever the report is shown.
            var shown: [(String, [String: Any])] = []
            shown.append(("requests/{id}.json", ext(Open311Tests.array(try await client.call("/open311/v2/requests/\(own).json", as: .citizen)).first)))
            for item in Open311Tests.array(try await client.call("/open311/v2/requests.json", as: .citizen)) { shown.append(("requests.json", ext(item))) }
            let cases = try await client.call("/cases", as: .citizen)
            for item in cases.json["cases"] as? [[String: Any]] ?? [] { shown.append(("cases", ext(item))) }
            shown.append(("cases/{id}", ext(try await client.call("/cases/\(own)", as: .citizen).json)))
            #expect(shown.count == 4, "the citizen sees its one report in each listing")
            for (place, attributes) in shown {
                #expect(attributes["duplicate_of"] is NSNull, "\(place): \(attributes["duplicate_of"] ?? "-")")
                #expect(attributes["media_reused_by"] as? [String] == [], "\(place)")
            }
            // Its own reports stay linked: a second report with the same photo names the first.
            let again = try await Open311Tests.post(client, ["service_code": "M051", "lat": "24.0", "long": "108.0",
                                                             "media_url": "https://img.example.org/matrix.jpg"])
            let linked = ext(Open311Tests.array(again).first)
            #expect(linked["media_reused_by"] as? [String] == [own], "\(linked)")
            // The other citizen's report itself reads as absent.
            #expect(try await client.call("/open311/v2/requests/\(other).json", as: .citizen).status == .notFound)
            #expect(try await client.call("/cases/\(other)", as: .citizen).status == .notFound)
        }
    }

    // MARK: Static folders

    @Test func pathTraversalAgainstTheStaticFoldersAnswers404() async throws {
        try await withLiveServer { client, _ in
            let folders = ["/console/", "/console/js/", "/vendor/leaflet/", "/vendor/leaflet/images/"]
            let attempts = [
                "..%2f..%2f..%2fPackage.swift", "%2e%2e%2f%2e%2e%2fPackage.swift", "%2e%2e/%2e%2e/Package.swift",
                "%252e%252e%252f%252e%252e%252fPackage.swift", "..%252f..%252fPackage.swift",
                "..%5c..%5cPackage.swift", "%2e%2e%5c%2e%2e%5cPackage.swift",
                "js%2f..%2f..%2f..%2fPackage.swift", "x%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd",
                "..", "%2e%2e", ".%2e", "...", ".hidden", "index.html%2f..%2f..%2fPackage.swift",
                "..;%2fPackage.swift", "....%2f%2fPackage.swift",
            ]
            for folder in folders {
                for attempt in attempts {
                    let response = try await client.call(folder + attempt)
                    #expect(response.status == .notFound, "\(folder + attempt) answered \(response.status)")
                    #expect(response.isProblem, "\(folder + attempt)")
                    #expect(!response.text.contains("swift-tools-version") && !response.text.contains("root:"), "\(folder + attempt)")
                }
            }
            // A literal backslash, which HTTP client libraries refuse to send, on a plain socket.
            let port = try #require(client.port)
            for folder in folders {
                for attempt in ["..\\..\\Package.swift", "..\\..\\..\\etc\\passwd", "js\\..\\..\\Package.swift"] {
                    let raw = try RawHTTP.get(folder + attempt, port: port)
                    #expect(raw.status == 404, "\(folder + attempt) answered \(raw.status)")
                    #expect(!raw.text.contains("swift-tools-version") && !raw.text.contains("root:"), "\(folder + attempt)")
                }
            }
            // The same routes still serve their own files.
            #expect(try await client.call("/console/console.css").status == .ok)
            #expect(try await client.call("/console/js/api.js").status == .ok)
        }
    }
}
