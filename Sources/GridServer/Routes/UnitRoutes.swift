import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Hummingbird

/// Boundary questions about units: one unit with its parents and workers, its geometry, its
/// children and neighbours, the units a box or a shape meets, and the nearest boundary.
///
/// Each question reads the generation in force at `at` (now by default) or the one named by
/// `generation`. GEOS work runs off the event loops under the query time limit.
extension AtlasServer {
    /// The generation a request asks about, its view, and the moment.
    func view(_ query: QueryParameters) throws -> (view: GenerationView, at: Date) {
        let at = try query.moment("at")
        let generation = try atlas.generation(named: query.string("generation"), at: at)
        return (try atlas.view(for: generation), at)
    }

    func bounded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await BoundedWork.run(seconds: configuration.queryTimeoutSeconds, gate: heavyWork, work)
    }

    struct UnitList: Codable, Sendable {
        var generation: String
        var tier: String?
        var units: [UnitSummary]
    }

    /// A unit's detail with the workers serving it at `at` (phones for dispatcher and above).
    struct UnitDetailAnswer: Encodable, Sendable {
        var detail: UnitDetail
        var workers: [Resolution.Worker]
        var responsible: Resolution.Worker?

        func encode(to encoder: any Encoder) throws {
            try detail.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(workers, forKey: .workers)
            try container.encodeIfPresent(responsible, forKey: .responsible)
        }

        enum Keys: String, CodingKey { case workers, responsible }
    }

    struct UnitSearchAnswer: Encodable, Sendable {
        var generation: String
        var query: String
        var units: [UnitMatch]
    }

    func addUnitRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("units") { request, _ -> Response in
            let query = QueryParameters(request)
            let tier = try query.tier() ?? .grid
            let box = try FeatureQuery.bbox(try query.required("bbox"), maxDegrees: configuration.maxBBoxDegrees)
            let (view, _) = try view(query)
            let limits = configuration.queryLimits
            let hits = try await bounded { try view.intersecting(QueryGeometry(bbox: box, limits: limits), tier: tier) }
            let units = try hits.units.map { view.summary(try view.id(of: $0.code)) }
            return try JSONResponse.make(UnitList(generation: view.generationName, tier: tier.rawValue, units: units))
        }
        group.get("units/search") { request, _ -> Response in
            let query = QueryParameters(request)
            let text = try query.required("q")
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 100 else {
                throw Problem.badParameter("q", trimmed.isEmpty ? "is blank: give a code or part of a name" : "is longer than 100 characters")
            }
            let tier = try query.tier()
            let limit = try query.int("limit", in: 1...200) ?? 20
            let (view, _) = try view(query)
            let matches = view.search(text, tier: tier, limit: limit)
            return try JSONResponse.make(UnitSearchAnswer(generation: view.generationName, query: text, units: matches))
        }
        group.get("units/:code") { request, context -> Response in
            let query = QueryParameters(request)
            let (view, at) = try view(query)
            let detail = try view.detail(of: Self.code(context))
            let serving = view.workers(of: try view.id(of: detail.code), roster: try atlas.roster(), at: at)
            var answer = UnitDetailAnswer(detail: detail, workers: serving.map(Answerer.worker),
                                          responsible: Roster.responsible(among: serving).map(Answerer.worker))
            if !context.caller.seesPhones {
                answer.workers = answer.workers.map { var w = $0; w.phone = nil; return w }
                answer.responsible?.phone = nil
            }
            return try JSONResponse.make(answer)
        }
        group.get("units/:code/geometry") { request, context -> Response in
            let query = QueryParameters(request)
            let code = try Self.code(context)
            let format = query.string("format") ?? "geojson"
            guard ["geojson", "wkt"].contains(format) else { throw Problem.badParameter("format", "'\(format)' is not geojson or wkt") }
            let crs = try query.crs()
            let simplify = try query.double("simplify")
            let (view, _) = try view(query)
            let limits = configuration.queryLimits
            let geometry = try await bounded { try view.geometry(of: code, crs: crs, simplify: simplify, limits: limits) }
            return format == "wkt"
                ? JSONResponse.raw(Array(geometry.wkt.utf8), contentType: "text/plain; charset=utf-8")
                : JSONResponse.raw(Array(geometry.geoJSON.utf8), contentType: "application/geo+json")
        }
        group.get("units/:code/children") { request, context -> Response in
            let (view, _) = try view(QueryParameters(request))
            let code = try Self.code(context)
            return try JSONResponse.make(UnitList(generation: view.generationName, tier: nil, units: try view.children(of: code)))
        }
        group.get("units/:code/neighbours") { request, context -> Response in
            let (view, _) = try view(QueryParameters(request))
            let code = try Self.code(context)
            return try JSONResponse.make(try await bounded { try view.neighbours(of: code) })
        }
        group.post("units/intersecting") { request, _ -> Response in
            let query = QueryParameters(request)
            let tier = try query.tier() ?? .grid
            let crs = try query.crs()
            let (view, _) = try view(query)
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
            guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem.badParameter("body", "send a WKT (text/plain) or GeoJSON geometry (application/geo+json)")
            }
            let format: QueryGeometry.Format? = switch request.headers[.contentType]?.split(separator: ";").first?.lowercased() {
            case "text/plain", "application/wkt", "text/wkt": .wkt
            case "application/json", "application/geo+json": .geojson
            default: nil
            }
            let limits = configuration.queryLimits
            return try JSONResponse.make(try await bounded {
                try view.intersecting(QueryGeometry(text: body, format: format, crs: crs, limits: limits), tier: tier)
            })
        }
        group.get("nearest-boundary") { request, _ -> Response in
            let query = QueryParameters(request)
            let crs = try query.crs()
            let position = try Self.position(lon: query.requiredDouble("lon"), lat: query.requiredDouble("lat"), crs: crs)
            let wgs = try converters.with(crs) { try $0.toWGS84(position) }
            let (view, _) = try view(query)
            return try JSONResponse.make(try view.nearestBoundary(to: wgs, tier: query.tier() ?? .grid))
        }
    }

    static func code(_ context: AtlasRequestContext) throws -> String {
        guard let code = context.parameters.get("code"), !code.isEmpty else { throw Problem.badParameter("code", "is required") }
        return code
    }
}
