import Foundation
import GridDomain
import GridGeometry
import Hummingbird

/// OGC API - Features Part 1 (Core, GeoJSON, OAS 3.0): one collection per tier, so QGIS, GDAL
/// (`OAPIF:`) and OWSLib open the grids with no plug-in.
///
/// Links are absolute, built from the request's Host header, as clients follow them verbatim.
extension AtlasServer {
    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]

    /// The OGC API Features landing page; served at `/` to clients that do not ask for HTML (the
    /// console routes decide).
    func landingPage(_ request: Request) throws -> Response {
        let base = Self.baseURL(request)
        return try JSONResponse.object([
            "title": "GridAtlas",
            "description": "Tiered units of a district (subdistrict, community, grid, micro-area) as OGC API Features, one collection per tier.",
            "links": [
                Self.link(base + "/", "self", "application/json", "this document"),
                Self.link(base + "/?f=html", "alternate", "text/html", "the map console"),
                Self.link(base + "/openapi.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "the API definition"),
                Self.link(base + "/conformance", "conformance", "application/json", "conformance classes"),
                Self.link(base + "/collections", "data", "application/json", "the tiers as collections"),
            ],
        ])
    }

    func addFeaturesRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("conformance") { _, _ -> Response in
            try JSONResponse.object(["conformsTo": Self.conformance])
        }
        group.get("collections") { request, _ -> Response in
            let base = Self.baseURL(request)
            // An empty store still lists its tiers (with no extent), so a client can connect first.
            let view = try? featureSource(at: Date())
            return try JSONResponse.object([
                "links": [Self.link(base + "/collections", "self", "application/json", "the tiers")],
                "collections": Tier.allCases.map { collection($0, view: view, base: base) },
            ])
        }
        group.get("collections/:collection") { request, context -> Response in
            let tier = try Self.collection(context)
            return try JSONResponse.object(collection(tier, view: try? featureSource(at: Date()), base: Self.baseURL(request)))
        }
        group.get("collections/:collection/items") { request, context -> Response in
            try await items(request, tier: Self.collection(context))
        }
        group.get("collections/:collection/items/:featureId") { request, context -> Response in
            let tier = try Self.collection(context)
            let code = try context.pathParameter("featureId")
            let query = try FeatureQuery(request, maxLimit: configuration.maxPageSize, maxBBoxDegrees: configuration.maxBBoxDegrees,
                                         allowed: ["datetime", "f"])
            let source = try featureSource(at: query.moment)
            guard let id = source.id(of: code, tier: tier) else {
                throw Problem.notFound("no \(tier.rawValue) with code '\(code)' in generation \(source.generationName)",
                                       parameter: "featureId")
            }
            let base = Self.baseURL(request)
            let feature = Self.featureText(source.view.unit(id), generation: source.generationName, links: [
                Self.link("\(base)/collections/\(tier.rawValue)/items/\(code)", "self", "application/geo+json", "this feature"),
                Self.link("\(base)/collections/\(tier.rawValue)", "collection", "application/json", "the collection"),
            ])
            return JSONResponse.raw(Array(feature.utf8), contentType: "application/geo+json")
        }
    }

    func collection(_ tier: Tier, view source: FeatureSource?, base: String) -> [String: Any] {
        var box = BoundingBox.empty
        if let view = source?.view {
            for id in view.ids(of: tier) { box.extend(view.bounds[Int(id)]) }
        }
        let spatial: [Any] = box.isEmpty ? [[-180.0, -90.0, 180.0, 90.0]] : [[box.minLon, box.minLat, box.maxLon, box.maxLat]]
        let start = (source?.generations ?? []).compactMap(\.effectiveFrom).min().map(Dates.format) as Any? ?? NSNull()
        return [
            "id": tier.rawValue,
            "title": Self.title(tier),
            "description": "Units of tier \(tier.rawValue); datetime selects the generation of boundaries in force then.",
            "itemType": "feature",
            "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
            "extent": [
                "spatial": ["bbox": spatial, "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
                "temporal": ["interval": [[start, NSNull()]], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"],
            ],
            "links": [
                Self.link("\(base)/collections/\(tier.rawValue)", "self", "application/json", "this collection"),
                Self.link("\(base)/collections/\(tier.rawValue)/items", "items", "application/geo+json", "the units"),
            ],
        ]
    }

    static func title(_ tier: Tier) -> String {
        switch tier {
        case .district: "Districts (区)"
        case .subdistrict: "Subdistricts and towns (街道/镇)"
        case .community: "Communities and villages (社区/村)"
        case .grid: "Grids (网格)"
        case .microArea: "Micro-areas (微网格)"
        }
    }

    static func collection(_ context: AtlasRequestContext) throws -> Tier {
        let id = try context.pathParameter("collection")
        guard let tier = Tier(rawValue: id) else {
            throw Problem.notFound("no collection '\(id)'; collections are \(Tier.allCases.map(\.rawValue).joined(separator: ", "))",
                                   parameter: "collectionId")
        }
        return tier
    }

    static func link(_ href: String, _ rel: String, _ type: String, _ title: String) -> [String: String] {
        ["href": href, "rel": rel, "type": type, "title": title]
    }

    /// `http://host:port` as the client addressed us.
    static func baseURL(_ request: Request) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)"
    }
}
