import Foundation
import GridAtlas
import GridDomain
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// `/openapi.json` against the server it describes: the same routes as the router, in both
/// directions, and every sample answer (successes and problems) valid under the document's schema
/// for its operation and status.
@Suite("OpenAPI document matches the router and the answers")
struct OpenAPITests {
    // MARK: - Routes

    /// `GET /units/:code` and `/units/{code}` both become `GET /units/{}`; a trailing slash is dropped.
    static func routeKey(_ method: String, _ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment -> String in
            if segment.hasPrefix(":") { return "{}" }
            // `{name}` and `{name}.json` (Open311's file-like paths) alike.
            return String(segment).replacingOccurrences(of: "\\{[^}]*\\}", with: "{}", options: .regularExpression)
        }
        return "\(method.uppercased()) /\(segments.joined(separator: "/"))"
    }

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// Every (method, path) the document describes, normalised.
    static func documentedRoutes(_ document: SchemaJSON) -> [String: (path: String, method: String)] {
        var routes: [String: (path: String, method: String)] = [:]
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in methods where item[method] != nil {
                routes[routeKey(method, path)] = (path, method)
            }
        }
        return routes
    }

    static func fetchDocument(_ client: any TestClientProtocol, _ uri: String = "/openapi.json") async throws -> SchemaJSON {
        let response = try await client.call(uri)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("application/vnd.oai.openapi+json") == true)
        return try SchemaJSON.parse(response.text)
    }

    @Test func documentAndRouterListTheSameRoutes() async throws {
        try await withLiveServer { client, atlas in
            let document = try await Self.fetchDocument(client)
            #expect(document["openapi"]?.stringValue == "3.0.3")
            let documented = Set(Self.documentedRoutes(document).keys)
            let router = AtlasServer(atlas: atlas, configuration: ServerConfiguration()).router()
            let routed = Set(router.routes.map { Self.routeKey($0.method.rawValue, $0.path.description) })
            #expect(!routed.isEmpty)
            let undocumented = routed.subtracting(documented).sorted()
            let unrouted = documented.subtracting(routed).sorted()
            #expect(undocumented.isEmpty, "routes the document lacks: \(undocumented)")
            #expect(unrouted.isEmpty, "documented operations no route serves: \(unrouted)")

            // `/api` is the same document.
            let api = try await client.call("/api")
            #expect(api.status == .ok)
            #expect(try SchemaJSON.parse(api.text) == document)
        }
    }

    @Test func everyReferenceResolvesAndEveryOperationStatesItsAccess() async throws {
        try await withLiveServer { client, _ in
            let document = try await Self.fetchDocument(client)
            let checker = SchemaChecker(document: document)
            #expect(checker.unresolvedReferences().isEmpty, "\(checker.unresolvedReferences())")
            for (key, route) in Self.documentedRoutes(document) {
                let operation = try #require(document["paths"]?[route.path]?[route.method])
                #expect(operation["security"]?.arrayValue != nil, "\(key) has no security")
                #expect(["open", "read", "citizen", "viewer", "dispatcher", "planner", "admin"].contains(operation["x-access"]?.stringValue ?? ""), "\(key)")
                #expect(operation["operationId"]?.stringValue != nil, "\(key)")
                let statuses = Set(operation["responses"]?.objectValue?.keys.map { $0 } ?? [])
                #expect(statuses.contains { $0.hasPrefix("2") }, "\(key) lists no success")
                if operation["x-access"]?.stringValue != "open" { #expect(statuses.contains("401"), "\(key)") }
            }
        }
    }

    // MARK: - Sample answers

    /// One request that succeeds against the demo store.
    struct Sample: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method = .get
        /// The document's path template the request is for.
        var path: String
        var uri: String
        var role: AccessRole?
        var body: String?
        var contentType: String?
        var status: Int = 200
        var description: String { "\(method) \(uri)" }
    }

    static let grid = "450299001001001"
    static let catalogueBody: String = {
        let object = ["departments": String(decoding: DemoStore.file("data/catalogue/departments.csv"), as: UTF8.self),
                      "matters": String(decoding: DemoStore.file("data/catalogue/matters.csv"), as: UTF8.self), "note": "again"]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }()
    static let community = "450299001001"
    static let inside = (lon: 108.43, lat: 24.31)


    @Test func everySampleAnswerValidatesAgainstItsOperation() async throws {
        try await withLiveServer { client, atlas in
            let document = try await Self.fetchDocument(client)
            let checker = SchemaChecker(document: document)
            let documented = Self.documentedRoutes(document)
            var covered = Set<String>()
            var samples = Self.samples
            // A key to revoke, made as an admin would with the CLI.
            let throwaway = try atlas.store.createKey(name: "throwaway", role: .viewer).key.id
            // Reports for the figure samples to count, bin and draw from.
            _ = try ReportFigureRouteTests.seed(atlas)
            // A redraw of the demo as a draft, for the diff and balance samples.
            try DiffRouteTests.saveRedraw(atlas)
            samples.append(Sample(method: .delete, path: "/keys/{id}", uri: "/keys/\(throwaway)", role: .admin))
            // A subscription with a queued delivery (to a port nothing listens on), as the CLI would add it.
            let hook = try Webhooks(store: atlas.store).subscribe(url: "http://127.0.0.1:9/hook", events: ["level_changed"], grids: nil,
                                                                  by: "test").subscription.id
            let change = LevelChange(grid: Self.grid, from: .none, to: .blue, value: 3, reports: 3, at: Date())
            try atlas.store.enqueue(WebhookEvents.levelChanged(change, gridName: "网格", rule: .standard))
            samples.append(Sample(path: "/webhooks/{id}/deliveries", uri: "/webhooks/\(hook)/deliveries", role: .dispatcher))
            samples.append(Sample(method: .delete, path: "/webhooks/{id}", uri: "/webhooks/\(hook)", role: .dispatcher))

            for sample in samples {
                let key = Self.routeKey(sample.method.rawValue, sample.path)
                // Routes of the design not built yet (docs/openapi-pending.json): nothing to check.
                guard let route = documented[key] else { continue }
                covered.insert(key)
                // `{last}`: the newest report (ids run from 1 and are never reused: the newest is the count).
                let uri = sample.uri.replacingOccurrences(of: "{last}", with: String(try atlas.store.reportCount(ReportFilter())))
                let response = try await client.call(uri, method: sample.method, as: sample.role, body: sample.body,
                                                     contentType: sample.contentType)
                guard Int(response.status.code) == sample.status else {
                    Issue.record("\(sample): status \(response.status.code), expected \(sample.status): \(response.text.prefix(500))")
                    continue
                }
                let problems = checker.checkResponse(path: route.path, method: route.method, status: Int(response.status.code),
                                                     contentType: response.headers[.contentType], body: response.text)
                #expect(problems.isEmpty, "\(sample): \(problems.prefix(10))")
            }
            let uncovered = Set(documented.keys).subtracting(covered).sorted()
            #expect(uncovered.isEmpty, "documented operations with no sample request: \(uncovered)")
        }
    }

    // MARK: - Problems


    @Test func errorAnswersAreProblemsTheDocumentLists() async throws {
        try await withLiveServer { client, _ in
            let document = try await Self.fetchDocument(client)
            let checker = SchemaChecker(document: document)
            let documented = Self.documentedRoutes(document)
            for sample in Self.badRequests {
                guard let route = documented[Self.routeKey(sample.method.rawValue, sample.path)] else { continue }
                let response = try await client.call(sample.uri, method: sample.method, as: sample.role, body: sample.body,
                                                     contentType: sample.contentType)
                #expect(Int(response.status.code) == sample.status, "\(sample): \(response.text.prefix(300))")
                let problems = checker.checkResponse(path: route.path, method: route.method, status: Int(response.status.code),
                                                     contentType: response.headers[.contentType], body: response.text)
                #expect(problems.isEmpty, "\(sample): \(problems.prefix(10))")
            }
            // No route at all: still a Problem.
            let missing = try await client.call("/no/such/route")
            #expect(missing.status == .notFound)
            #expect(missing.isProblem)
            #expect(checker.check(try SchemaJSON.parse(missing.text), against: .object(["$ref": .string("#/components/schemas/Problem")])).isEmpty)
        }
    }

    @Test func anOversizedBodyIsAProblemTheDocumentLists() async throws {
        try await withLiveServer(configure: { $0.maxBodyBytes = 1000 }) { client, _ in
            let document = try await Self.fetchDocument(client)
            let response = try await client.call("/imports/roster", method: .post, as: .planner,
                                                 body: String(repeating: "x", count: 5000), contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
            let problems = SchemaChecker(document: document).checkResponse(
                path: "/imports/roster", method: "post", status: 413, contentType: response.headers[.contentType], body: response.text)
            #expect(problems.isEmpty, "\(problems)")
        }
    }

    @Test func keyedReadsAnswer401AsDocumented() async throws {
        try await withLiveServer(reads: .keyed) { client, _ in
            let document = try await Self.fetchDocument(client)
            let checker = SchemaChecker(document: document)
            for (uri, path) in [("/generations", "/generations"), ("/collections", "/collections"), ("/locate?lon=108.4&lat=24.3", "/locate")] {
                let response = try await client.call(uri)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(checker.checkResponse(path: path, method: "get", status: 401, contentType: response.headers[.contentType],
                                              body: response.text).isEmpty, "\(uri)")
            }
        }
    }

    // MARK: - The checker itself

    @Test func theCheckerRefusesBrokenBodies() throws {
        let document = try SchemaJSON.parse(Self.checkerDocument)
        let checker = SchemaChecker(document: document)
        func check(_ body: String, _ schema: String) throws -> [String] {
            try checker.check(SchemaJSON.parse(body), against: .object(["$ref": .string("#/components/schemas/\(schema)")]))
        }
        let good = #"{"code":"450299","tier":"grid","parents":[{"code":"4502","tier":"district"}],"area":12.5,"count":3,"note":null,"shape":{"type":"Polygon","rings":[]}}"#
        #expect(try check(good, "Unit").isEmpty)
        #expect(try check(#"{"code":"1","tier":"grid","parents":[],"area":1,"count":1,"shape":{"type":"Point","at":[1,2]}}"#, "Unit").isEmpty)

        // Each broken body is refused, with a message naming where.
        let broken: [(String, String)] = [
            (#"{"tier":"grid","parents":[],"area":1,"count":1}"#, "code"),  // missing required member
            (#"{"code":5,"tier":"grid","parents":[],"area":1,"count":1}"#, "/code"),  // wrong type
            (#"{"code":"1","tier":"planet","parents":[],"area":1,"count":1}"#, "/tier"),  // not in the enum
            (#"{"code":"1","tier":"grid","parents":{},"area":1,"count":1}"#, "/parents"),  // object for array
            (#"{"code":"1","tier":"grid","parents":[{"tier":"grid"}],"area":1,"count":1}"#, "/parents/0"),  // item lacks code
            (#"{"code":"1","tier":"grid","parents":[],"area":"big","count":1}"#, "/area"),  // string for number
            (#"{"code":"1","tier":"grid","parents":[],"area":1,"count":1.5}"#, "/count"),  // fraction for integer
            (#"{"code":"1","tier":"grid","parents":[],"area":1,"count":true}"#, "/count"),  // boolean for integer
            (#"{"code":"1","tier":"grid","parents":[],"area":-1,"count":1}"#, "/area"),  // below minimum
            (#"{"code":null,"tier":"grid","parents":[],"area":1,"count":1}"#, "/code"),  // null where not nullable
            (#"{"code":"1","tier":"grid","parents":[],"area":1,"count":1,"shape":{"type":"Line"}}"#, "/shape"),  // no oneOf branch
            (#"{"code":"1","tier":"grid","parents":[],"area":1,"count":1,"shape":{"type":"Polygon","at":[1,2],"rings":[]}}"#, "/shape"),  // two oneOf branches
            (#"{"code":"1","tier":"grid","parents":[],"area":1,"count":1,"tags":[1]}"#, "/tags"),  // anyOf none
            (#"[1,2]"#, "(root)"),  // array for object
        ]
        for (body, place) in broken {
            let problems = try check(body, "Unit")
            #expect(!problems.isEmpty, "accepted \(body)")
            #expect(problems.contains { $0.contains(place) }, "\(body): \(problems)")
        }
        // A reference to nothing is reported, not accepted.
        #expect(!checker.check(.string("x"), against: .object(["$ref": .string("#/components/schemas/Nothing")])).isEmpty)
        #expect(checker.unresolvedReferences() == ["#/components/schemas/Missing"])
    }

    static let checkerDocument = #"""
    {"components":{"schemas":{
      "Unit":{"type":"object","required":["code","tier","parents","area","count"],"properties":{
        "code":{"type":"string"},
        "tier":{"type":"string","enum":["district","grid"]},
        "parents":{"type":"array","items":{"$ref":"#/components/schemas/Brief"}},
        "area":{"type":"number","minimum":0},
        "count":{"type":"integer"},
        "note":{"type":"string","nullable":true},
        "shape":{"oneOf":[{"$ref":"#/components/schemas/Polygon"},{"$ref":"#/components/schemas/Point"}]},
        "tags":{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"boolean"}]}},
        "other":{"$ref":"#/components/schemas/Missing"}}},
      "Brief":{"type":"object","required":["code"],"properties":{"code":{"type":"string"},"tier":{"type":"string"}}},
      "Polygon":{"type":"object","required":["type","rings"],"properties":{"type":{"type":"string"},"rings":{"type":"array"}}},
      "Point":{"type":"object","required":["type","at"],"properties":{"type":{"type":"string","enum":["Point","Polygon"]},"at":{"type":"array","items":{"type":"number"}}}}
    }}}
    """#
}

// MARK: - JSON and a small JSON Schema (OpenAPI 3.0 dialect) checker

/// A parsed JSON value that keeps booleans, integers and other numbers apart.
indirect enum SchemaJSON: Equatable, Sendable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([SchemaJSON])
    case object([String: SchemaJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([SchemaJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: SchemaJSON].self)) }
    }

    static func parse(_ text: String) throws -> SchemaJSON {
        try JSONDecoder().decode(SchemaJSON.self, from: Data(text.utf8))
    }

    subscript(key: String) -> SchemaJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var objectValue: [String: SchemaJSON]? { if case .object(let v) = self { v } else { nil } }
    var arrayValue: [SchemaJSON]? { if case .array(let v) = self { v } else { nil } }
    var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    var numberValue: Double? { if case .number(let v) = self { v } else { nil } }
    var boolValue: Bool? { if case .bool(let v) = self { v } else { nil } }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let v): v == v.rounded() && abs(v) < 9e15 ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
