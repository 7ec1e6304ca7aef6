import Foundation
import GridAtlas
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Requests a careless or hostile client sends: non-finite and huge numbers, inverted and
/// world-sized boxes, extreme tile addresses, impossible dates, deep and ambiguous JSON, NUL and
/// invalid UTF-8, oversized names, and paths that try to leave the static folders. Each must be
/// answered with a 4xx problem (404 for the paths), and the server must answer `/health` after.
@Suite("Hostile requests get a 4xx problem and the server keeps answering")
struct HostileRequestTests {
    struct Hostile: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method = .get
        var uri: String
        var role: AccessRole?
        var body: [UInt8]?
        var contentType: String?
        /// The status expected; nil for "any 4xx".
        var status: Int? = 400
        /// The parameter the problem must name, when one is expected.
        var parameter: String?

        var description: String { "\(method) \(uri.prefix(120))" + (body.map { " body \(String(decoding: $0.prefix(80), as: UTF8.self))" } ?? "") }

        static func json(_ uri: String, _ text: String, as role: AccessRole, method: HTTPRequest.Method = .post,
                         status: Int? = 400, parameter: String? = nil) -> Hostile {
            Hostile(method: method, uri: uri, role: role, body: Array(text.utf8), contentType: "application/json",
                    status: status, parameter: parameter)
        }

        static func form(_ text: String, status: Int? = 400, parameter: String? = nil) -> Hostile {
            Hostile(method: .post, uri: "/open311/v2/requests.json", role: .citizen, body: Array(text.utf8),
                    contentType: "application/x-www-form-urlencoded", status: status, parameter: parameter)
        }
    }

    static let place = "lon=108.43&lat=24.31"
    static let grid = "450299001001001"
    static let draft = "hostile"
    static let goodReport = "service_code=M001&lat=24.31&long=108.43&description=ok"

    static let numbers: [Hostile] = [
        Hostile(uri: "/locate?lon=1e308&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=-1e309&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=108.43&lat=Infinity", parameter: "lat"),
        Hostile(uri: "/locate?lon=109.5%00&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=%FF&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=%E0%80%AE&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=10%ZZ&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?lon=108.43&lon=108.44&lat=24.31", parameter: "lon"),
        Hostile(uri: "/locate?\(place)&accuracy=1e300", parameter: "accuracy"),
        Hostile(uri: "/locate?\(place)&accuracy=-0.0", parameter: "accuracy"),
        Hostile(uri: "/locate?\(place)&crs=EPSG:4978", parameter: "crs"),
        Hostile(uri: "/locate?\(place)&crs=EPSG:7030", parameter: "crs"),
        Hostile(uri: "/locate?\(place)&crs=EPSG:99999999999999999999", parameter: "crs"),
        Hostile(uri: "/locate?\(place)&generation=\(String(repeating: "g", count: 9000))", parameter: "generation"),
        Hostile(uri: "/point/4326/1e999,24.31", parameter: "lon"),
        Hostile(uri: "/point/EPSG:4978/108.43,24.31", parameter: "crs"),
        Hostile(uri: "/nearest-boundary?lon=nan&lat=24.31", parameter: "lon"),
        Hostile(uri: "/generations/2024/validation?sliver_area_m2=9.3e18", parameter: "sliver_area_m2"),
        Hostile(uri: "/generations/2024/validation?sliver_width_m=1e19", parameter: "sliver_width_m"),
        Hostile(uri: "/generations/2024/validation?error_area_m2=-1", parameter: "error_area_m2"),
        Hostile(uri: "/generations/2024/validation?spike_angle_deg=180", parameter: "spike_angle_deg"),
        Hostile(uri: "/generations/2024/validation?spike_angle_deg=nan", parameter: "spike_angle_deg"),
        Hostile(uri: "/units/\(grid)/geometry?simplify=1e308", parameter: "simplify"),
        Hostile(uri: "/density/choropleth?simplify=&tier=community", parameter: "simplify"),  // empty number: not "absent"
        Hostile(uri: "/density/choropleth?classes=1000000", parameter: "classes"),
        Hostile(uri: "/density/ranking?limit=99999999999999999999", parameter: "limit"),
        Hostile(uri: "/reports/bins?cell=1e-300", parameter: "cell"),
        Hostile(uri: "/reports/monthly?months=100000", parameter: "months"),
        Hostile(uri: "/generations/2024/diff?days=1e9", parameter: "days"),
        Hostile(uri: "/collections/grid/items?limit=99999999999999999999", parameter: "limit"),
        Hostile(uri: "/collections/grid/items?offset=-1", parameter: "offset"),
    ]

    static let boxesAndTiles: [Hostile] = [
        Hostile(uri: "/units?bbox=108.45,24.32,108.40,24.28", parameter: "bbox"),
        Hostile(uri: "/units?bbox=-180,-90,180,90", parameter: "bbox"),
        Hostile(uri: "/units?bbox=108.40,24.28,108.45", parameter: "bbox"),
        Hostile(uri: "/units?bbox=108.40,24.28,108.45,1e999", parameter: "bbox"),
        Hostile(uri: "/collections/grid/items?bbox=180,90,-180,-90", parameter: "bbox"),
        Hostile(uri: "/tiles/grid/23/0/0.mvt", parameter: "tile"),
        Hostile(uri: "/tiles/grid/22/4194304/0.mvt", parameter: "tile"),
        Hostile(uri: "/tiles/grid/1/-1/0.mvt", parameter: "tile"),
        Hostile(uri: "/tiles/grid/99999999999999999999/0/0.mvt", parameter: "tile"),
        Hostile(uri: "/tiles/planet/1/0/0.mvt", parameter: "tier"),
    ]

    static let dates: [Hostile] = [
        Hostile(uri: "/locate?\(place)&at=2020-13-45", parameter: "at"),
        Hostile(uri: "/locate?\(place)&at=2021-02-29", parameter: "at"),
        Hostile(uri: "/locate?\(place)&at=2024-01-01T25:00:00", parameter: "at"),
        Hostile(uri: "/generations/in-force?at=2024-01-01T12:00:00%2B99:00", parameter: "at"),
        Hostile(uri: "/reports/figures?from=2020-13-45", parameter: "from"),
        Hostile(uri: "/reports/figures?figuresFrom=2020-13-45", parameter: "figuresFrom"),
        Hostile(uri: "/locate?\(place)&when=2020-01-01", parameter: "when"),
        Hostile(uri: "/reports/figures?from=2026-01-01&to=2025-01-01", parameter: "from"),
        Hostile(uri: "/reports/spot-check?week=2026-W99&seed=1", parameter: "week"),
        Hostile(uri: "/reports/spot-check?week=2026-W10&seed=-1", parameter: "seed"),
    ]

    static let bodies: [Hostile] = [
        .json("/drafts", #"{"name":"\u0000"}"#, as: .planner, parameter: "name"),
        .json("/drafts", #"{"name":"\#(String(repeating: "长", count: 300))"}"#, as: .planner, parameter: "name"),
        .json("/drafts", #"{"name":"\#(String(repeating: "x", count: 100_000))"}"#, as: .planner, status: 413),
        .json("/drafts", #"{"name":"a","name":"b"}"#, as: .planner, parameter: "name"),
        .json("/drafts", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), as: .planner, parameter: "body"),
        .json("/drafts", #"{"name":NaN}"#, as: .planner, parameter: "name"),
        .json("/drafts", #"{"name":"x","note":Infinity}"#, as: .planner, parameter: "note"),
        .json("/drafts", #"{"name":"x","note":1e999}"#, as: .planner, parameter: "body"),
        .json("/drafts", #"{"name":"x"} trailing"#, as: .planner, parameter: "body"),
        Hostile(method: .post, uri: "/drafts", role: .planner, body: [0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D],
                contentType: "application/json", parameter: "body"),
        .json("/drafts/\(draft)/repairs", #"{"op":"snap","tolerance_m":1e-15}"#, as: .planner, parameter: "tolerance_m"),
        .json("/drafts/\(draft)/repairs", #"{"op":"snap","tolerance_m":9.3e18}"#, as: .planner, parameter: "tolerance_m"),
        .json("/drafts/\(draft)/repairs", #"{"op":"fill-gaps","max_area_m2":1e300}"#, as: .planner, parameter: "max_area_m2"),
        .json("/drafts/\(draft)/repairs", #"{"op":"snap","tolerance_m":0.5,"tolerance_m":1e-15}"#, as: .planner, parameter: "tolerance_m"),
        .json("/drafts/\(draft)/edits", #"{"op":"set","code":"\#(grid)","name":"a\u0001b"}"#, as: .planner, parameter: "name"),
        .json("/drafts/\(draft)/edits", #"{"op":"set","code":"\#(grid)","households":1000000000000}"#, as: .planner, parameter: "households"),
        .json("/drafts/\(draft)/edits", #"{"op":"set","code":"\#(grid)","name":"\#(String(repeating: "名", count: 1 << 18))"}"#, as: .planner,
              parameter: "name"),
        .json("/drafts/\(draft)/edits", #"{"op":"merge","codes":["\#(String(repeating: "9", count: 5000))","1"]}"#, as: .planner, parameter: "codes"),
        .json("/warnings/rule", #"{"measure":"count","window_hours":1e308,"thresholds":[1,2,3,4]}"#, as: .planner, method: .put,
              parameter: "window_hours"),
        .json("/webhooks", #"{"url":"javascript:alert(1)","events":["level_changed"]}"#, as: .dispatcher, parameter: "url"),
        .json("/webhooks", #"{"url":"http://127.0.0.1:9/h","events":["level_changed"],"description":"a\u0000b"}"#, as: .dispatcher,
              parameter: "description"),
        .json("/cases/1/transitions", #"{"to":"accepted","to":"closed"}"#, as: .dispatcher, parameter: "to"),
        Hostile(method: .post, uri: "/units/intersecting", role: nil, body: Array(#"{"type":"Point","coordinates":[NaN,24.3]}"#.utf8),
                contentType: "application/geo+json", parameter: "coordinates[0]"),
        Hostile(method: .post, uri: "/units/intersecting", role: nil,
                body: Array((String(repeating: #"{"a":"#, count: 200) + "1" + String(repeating: "}", count: 200)).utf8),
                contentType: "application/geo+json", parameter: "geometry"),
        Hostile(method: .post, uri: "/locate", role: nil, body: Array("[[108.43, 24.31]] trailing".utf8), contentType: "application/json",
                parameter: "body"),
        Hostile(method: .post, uri: "/locate", role: nil, body: Array(String(repeating: "[", count: 10_000).utf8), contentType: "application/json",
                parameter: "body"),
    ]

    static let forms: [Hostile] = [
        .form(goodReport.replacingOccurrences(of: "description=ok", with: "media_url=javascript:alert(1)"), parameter: "media_url"),
        .form(goodReport + "&media_url=file:///etc/passwd", parameter: "media_url"),
        .form(goodReport.replacingOccurrences(of: "description=ok", with: "description=a%00b"), parameter: "description"),
        .form(goodReport.replacingOccurrences(of: "description=ok", with: "description=%FF%FE"), parameter: "description"),
        .form(goodReport + "&service_code=M002", parameter: "service_code"),
        .form(goodReport.replacingOccurrences(of: "lat=24.31", with: "lat=24.31%00"), parameter: "lat"),
        .form(goodReport + "&crs=EPSG:4978", parameter: "crs"),
        .form(goodReport + "&first_name=" + String(repeating: "%E5%90%8D", count: 600)),
    ]

    /// Path segments that must be decoded strictly, and names too long for any route.
    static let paths: [Hostile] = [
        Hostile(uri: "/generations/%FF", parameter: "path"),
        Hostile(uri: "/generations/a%00b", parameter: "path"),
        Hostile(uri: "/units/%E0%80%80", parameter: "path"),
        Hostile(uri: "/units/abc%2", parameter: "path"),
        Hostile(uri: "/generations/" + String(repeating: "n", count: 1500), parameter: "path"),
    ]

    /// Ways out of the console's and Leaflet's folders: each must be a plain 404.
    static let traversals: [String] = [
        "/console/..%2F..%2FPackage.swift",
        "/console/%2e%2e%2f%2e%2e%2fPackage.swift",
        "/console/%2E%2E/Package.swift",
        "/console/%252e%252e%252fPackage.swift",
        "/console/..%5C..%5CPackage.swift",
        "/console/.%2F..%2Fopenapi.json",
        "/console/js/..%2Findex.html",
        "/console/js/%2Fetc%2Fpasswd",
        "/console/js/%252Fetc%252Fpasswd",
        "/vendor/leaflet/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/vendor/leaflet/images/..%2F..%2Fleaflet.js",
        "/vendor/leaflet/images/%5C..%5C..%5Cetc%5Cpasswd",
        "/console/..",
        "/console/.hidden",
    ]

    static var all: [Hostile] { numbers + boxesAndTiles + dates + bodies + forms + paths }

    @Test func thereAreAtLeastFiftyOfThem() {
        #expect(Self.all.count + Self.traversals.count >= 50)
    }

    @Test func eachIsRefusedWithAProblemAndTheServerGoesOn() async throws {
        try await withLiveServer { client, atlas in
            _ = try atlas.createDraft(Self.draft, from: "2024", actor: "test")
            for item in Self.all {
                var headers: HTTPFields = [.accept: "application/problem+json"]
                if let role = item.role { headers[.authorization] = "Bearer \(DemoStore.secret(role))" }
                if let type = item.contentType { headers[.contentType] = type }
                let response = try await client.execute(uri: item.uri, method: item.method, headers: headers,
                                                        body: item.body.map { ByteBuffer(bytes: $0) })
                let status = Int(response.status.code)
                if let expected = item.status {
                    #expect(status == expected, "\(item): \(status) \(response.text.prefix(300))")
                } else {
                    #expect((400..<500).contains(status), "\(item): \(status) \(response.text.prefix(300))")
                }
                #expect(response.isProblem, "\(item): \(response.headers[.contentType] ?? "-")")
                if let parameter = item.parameter {
                    #expect(response.json["parameter"] as? String == parameter, "\(item): \(response.text.prefix(300))")
                }
            }
            for path in Self.traversals {
                let response = try await client.call(path)
                #expect(response.status == .notFound, "\(path): \(response.status.code) \(response.text.prefix(200))")
                #expect(response.isProblem, "\(path)")
            }
            let health = try await client.call("/health")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
        }
    }

    /// A batch is the one body where NaN is not a 400: as docs/batch.md says, each point's problem
    /// is its own, so `NaN` (which JavaScript writes) fails that point and the batch goes on.
    @Test func aBatchRefusesNonFiniteNumbersPointByPoint() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.call("/locate", method: .post, body: "[[NaN, 24.3], [108.43, Infinity], [1e999, 24.3], [108.43, 24.31]]",
                                                 contentType: "application/json")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["errors"] as? Int == 3, "\(response.text)")
            let results = response.json["results"] as? [[String: Any]] ?? []
            #expect(results.prefix(3).allSatisfy { ($0["error"] as? String)?.contains("finite") == true }, "\(response.text)")
            #expect(results.last?["status"] as? String == "inside")
        }
    }

    /// A draft named in Chinese is reachable by the percent-encoded path a client sends.
    @Test func percentEncodedPathParametersAreDecoded() async throws {
        try await withLiveServer { client, _ in
            let made = try await client.call("/drafts", method: .post, as: .planner, body: #"{"name":"草案2027","from":"2024"}"#,
                                             contentType: "application/json")
            #expect(made.status == .created, "\(made.text)")
            let path = "/drafts/%E8%8D%89%E6%A1%882027/changes"
            let changes = try await client.call(path)
            #expect(changes.status == .ok, "\(changes.text)")
            let generation = try await client.call("/generations/%E8%8D%89%E6%A1%882027")
            #expect(generation.status == .ok, "\(generation.text)")
            #expect(generation.json["name"] as? String == "草案2027")
            let discarded = try await client.call("/drafts/%E8%8D%89%E6%A1%882027", method: .delete, as: .planner)
            #expect(discarded.status == .noContent, "\(discarded.text)")
        }
    }

    /// The form a real Open311 client posts still files (the strict reading refuses only the bad).
    @Test func aPlainReportIsStillFiled() async throws {
        try await withLiveServer { client, _ in
            let clean = Self.goodReport.replacingOccurrences(of: "description=ok", with: "description=line+one%0Aline%09two")
                + "&media_url=https%3A%2F%2Fexample.org%2Fp.jpg"
            let filed = try await client.call("/open311/v2/requests.json", method: .post, as: .citizen, body: clean,
                                              contentType: "application/x-www-form-urlencoded")
            #expect(filed.status == .created, "\(filed.text)")
        }
    }
}
