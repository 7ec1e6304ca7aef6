import Foundation
import Hummingbird

/// The map console (docs/console.md): one page at `/` for browsers, its scripts under
/// `/console/`, and Leaflet under `/vendor/leaflet/` from the folder Debian installs it in.
///
/// `/` is shared with the OGC API Features landing page: a browser (which sends
/// `Accept: text/html`) or `?f=html` gets the console, every other client the JSON document, as
/// OGC API Features asks of a server offering both encodings. The page itself is open: it holds
/// no data, and asks for a key when the server's reads need one.
extension AtlasServer {
    static let consoleFolder: URL? = Bundle.module.url(forResource: "console", withExtension: nil)

    func addConsoleRoutes(to router: Router<AtlasRequestContext>) {
        let console = StaticFolder(root: Self.consoleFolder ?? URL(fileURLWithPath: "/nonexistent"), maxAgeSeconds: 0)
        let leaflet = StaticFolder(root: URL(fileURLWithPath: configuration.leafletDirectory), maxAgeSeconds: 86_400)
        router.get("/") { request, context -> Response in
            let query = QueryParameters(request)
            if let f = query.values["f"], !["html", "json"].contains(f.lowercased()) {
                throw Problem.badParameter("f", "'\(f)' is not offered; use html or json")
            }
            // The page's own option, read by its script; checked here so a bad one is said at once.
            _ = try query.int("geojson_limit", in: 0...Int(Int32.max))
            if Self.wantsHTML(request) { return try console.response(for: ["index.html"]) }
            try RequireRole.check(context.caller, needs: readRole)
            return try landingPage(request)
        }
        // Named folders rather than a catch-all: what is served is what is listed here.
        router.get("console/{file}") { _, context -> Response in
            try console.response(for: [Substring(context.pathParameter("file"))])
        }
        router.get("console/js/{file}") { _, context -> Response in
            try console.response(for: ["js", Substring(context.pathParameter("file"))])
        }
        router.get("vendor/leaflet/{file}") { _, context -> Response in
            try vendor(leaflet, [Substring(context.pathParameter("file"))])
        }
        router.get("vendor/leaflet/images/{file}") { _, context -> Response in
            try vendor(leaflet, ["images", Substring(context.pathParameter("file"))])
        }
    }

    private func vendor(_ folder: StaticFolder, _ components: [Substring]) throws -> Response {
        do {
            return try folder.response(for: components)
        } catch let problem as Problem where problem.status == .notFound {
            throw Problem.notFound(problem.detail + " in \(configuration.leafletDirectory) (install Debian's libjs-leaflet "
                                   + "and libjs-leaflet.markercluster, or start the server with --leaflet-dir)")
        }
    }

    /// True when the request asks for HTML: `f=html`, or an `Accept` naming text/html (browsers)
    /// without `f=json`.
    static func wantsHTML(_ request: Request) -> Bool {
        switch request.uri.queryParameters["f"].map({ $0.lowercased() }) {
        case "html": return true
        case "json": return false
        default: return request.headers[.accept]?.contains("text/html") == true
        }
    }
}
