import Foundation
import GridAtlas
import GridDomain
import Hummingbird

/// Density from base data: households, population and workers per unit and per km² for any
/// tier, as rows, as a GeoJSON choropleth, as a ranking, and the grids outside a household range.
extension AtlasServer {
    func density(_ query: QueryParameters) throws -> (DensityTable, GenerationView) {
        let (view, at) = try view(query)
        return (DensityTable(view: view, tier: try query.tier() ?? .grid, roster: try atlas.roster(), at: at), view)
    }

    func addDensityRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("density") { request, _ -> Response in
            let query = QueryParameters(request)
            return try JSONResponse.make(try await bounded { try density(query).0 })
        }
        group.get("density/choropleth") { request, _ -> Response in
            let query = QueryParameters(request)
            let measure = try DensityMeasure.query(query.string("measure") ?? "households_per_km2")
            let classes = try query.int("classes", in: 1...configuration.queryLimits.maxClasses) ?? 5
            let simplify = try query.double("simplify")
            let limits = configuration.queryLimits
            let map = try await bounded {
                let (table, view) = try density(query)
                return try table.choropleth(view: view, measure: measure, classes: classes, simplify: simplify, limits: limits)
            }
            return JSONResponse.raw(Array(map.geoJSON.utf8), contentType: "application/geo+json")
        }
        group.get("density/ranking") { request, _ -> Response in
            let query = QueryParameters(request)
            let measure = try DensityMeasure.query(query.string("measure") ?? "households_per_km2")
            let order = try DensityRanking.Order.query(query.string("order") ?? "desc")
            let limit = try query.int("limit", in: 1...1_000_000)
            return try JSONResponse.make(try await bounded { try density(query).0.ranking(by: measure, order: order, limit: limit) })
        }
        group.get("density/outliers") { request, _ -> Response in
            let query = QueryParameters(request)
            let minimum = try query.int("min", in: 0...1_000_000) ?? HouseholdOutliers.defaultRange.minimum
            let maximum = try query.int("max", in: 0...1_000_000) ?? HouseholdOutliers.defaultRange.maximum
            let (view, _) = try view(query)
            return try JSONResponse.make(try view.householdOutliers(minimum: minimum, maximum: maximum))
        }
    }
}
