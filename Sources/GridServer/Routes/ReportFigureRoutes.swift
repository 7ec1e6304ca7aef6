import Foundation
import GridAtlas
import GridDomain
import Hummingbird

/// Report density and performance figures (docs/report-figures.md): counts per unit and per
/// worker, heat-map bins, closing rates, and the weekly spot-check sample.
///
/// Each route reads `from`, `to`, `matter`, `department`, `status` the same way (``FigureWindow``);
/// parameters are checked before any work, and the queries run off the event loops under the
/// query time limit.
extension AtlasServer {
    var figures: ReportFigures { ReportFigures(desk: desk) }

    func figureWindow(_ query: QueryParameters) throws -> FigureWindow {
        try FigureWindow.parse(from: query.string("from"), to: query.string("to"), matter: query.string("matter"),
                               department: query.string("department"), status: query.string("status"))
    }

    func addReportFigureRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("reports/density") { request, _ -> Response in
            let query = QueryParameters(request)
            let window = try figureWindow(query)
            let tier = try Tier.query(query.string("tier") ?? "grid")
            let generation = query.string("generation")
            return try JSONResponse.make(try await bounded { try figures.density(tier: tier, window: window, generation: generation) })
        }
        group.get("reports/density/workers") { request, _ -> Response in
            let window = try figureWindow(QueryParameters(request))
            return try JSONResponse.make(try await bounded { try figures.workers(window: window) })
        }
        group.get("reports/bins") { request, _ -> Response in
            let query = QueryParameters(request)
            let window = try figureWindow(query)
            let shape = try ReportBins.Shape.query(query.string("shape") ?? "square")
            let cell = try query.double("cell") ?? 500
            let generation = query.string("generation")
            let text = try await bounded {
                let bins = try figures.bins(window: window, shape: shape, cellMetres: cell, generation: generation)
                return bins.geoJSON(extra: [("from", Dates.format(window.from)), ("to", Dates.format(window.to))])
            }
            return JSONResponse.raw(Array(text.utf8), contentType: "application/geo+json")
        }
        group.get("reports/figures") { request, _ -> Response in
            let query = QueryParameters(request)
            let window = try figureWindow(query)
            let key = try ReportFigures.grouping(query.string("by") ?? "grid")
            let now = try query.moment("now")
            let generation = query.string("generation")
            // One unit's row (what a map's unit panel shows), not the whole tier's.
            let code = query.string("code")
            return try JSONResponse.make(try await bounded {
                var answer = try figures.performance(by: key, window: window, now: now, generation: generation)
                if let code {
                    answer.rows = answer.rows.filter { $0.code == code }
                    guard !answer.rows.isEmpty else {
                        throw Problem.notFound("no \(answer.by) with code '\(code)' among the rows", parameter: "code")
                    }
                }
                return answer
            })
        }
        group.get("reports/points") { request, context -> Response in
            // Single reports, unlike counts, are for staff: viewer and above even when reads are public.
            try RequireRole.check(context.caller, needs: .viewer)
            let query = QueryParameters(request)
            let window = try figureWindow(query)
            let limit = try query.int("limit", in: 1...ReportFigures.maxPoints) ?? 20_000
            let now = try query.moment("now")
            let points = try await bounded { try figures.points(window: window, limit: limit, now: now) }
            return try JSONResponse.make(points, contentType: "application/geo+json")
        }
        group.get("reports/monthly") { request, _ -> Response in
            let query = QueryParameters(request)
            let filters = try figureWindow(query)
            let months = try query.int("months", in: 1...60) ?? 12
            let now = try query.moment("now")
            return try JSONResponse.make(try await bounded {
                try figures.monthly(count: months, endingAt: filters.to, filters: filters, now: now)
            })
        }
        group.get("reports/spot-check") { request, _ -> Response in
            let query = QueryParameters(request)
            let week = try ISOWeek(parsing: try query.required("week"))
            let seedText = try query.required("seed")
            guard let seed = UInt64(seedText) else {
                throw Problem.badParameter("seed", "'\(seedText)' is not a whole number 0...\(SpotCheck.maxSeed)")
            }
            let perCommunity = try query.int("per_community", in: 1...100) ?? 3
            let generation = query.string("generation")
            return try JSONResponse.make(try await bounded {
                try figures.spotCheck(week: week, seed: seed, perCommunity: perCommunity, generation: generation)
            })
        }
    }
}
