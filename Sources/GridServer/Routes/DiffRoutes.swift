import Foundation
import GridAtlas
import GridDomain
import GridPlanning
import Hummingbird

/// What a redraw changes before it is published: the diff between two generations (JSON, or
/// GeoJSON layers of the moved ground and the changed units) and the balance of both side by side.
extension AtlasServer {
    func addDiffRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("generations/:name/diff") { request, context -> Response in
            let query = QueryParameters(request)
            let name = try context.pathParameter("name")
            let against = query.string("against")
            let tier = try query.tier() ?? .grid
            let days = try query.int("days", in: Atlas.planningDays) ?? 90
            // Report ids are for those who may read every report (viewer and above): to anyone
            // else, pairs come with their counts only.
            let asked = try query.int("samples", in: 0...1000) ?? 10
            let samples = context.caller.role?.allows(.viewer) == true ? asked : 0
            let format = try Self.choice(query, "format", among: ["json", "geojson"], default: "json")
            let layerName = try Self.choice(query, "layer", among: DiffGeoJSON.Layer.allCases.map(\.rawValue), default: "flows")
            guard let layer = DiffGeoJSON.Layer(rawValue: layerName) else { throw Problem.badParameter("layer", "'\(layerName)' is not a layer") }
            let atlas = atlas
            if format == "geojson" {
                let bytes = try await bounded {
                    DiffGeoJSON.bytes(try atlas.tierDiff(name, against: against, tier: tier).diff, layer: layer)
                }
                return JSONResponse.raw(bytes, contentType: "application/geo+json")
            }
            return try JSONResponse.make(try await bounded {
                try atlas.generationDiff(name, against: against, tier: tier, days: days, samples: samples)
            })
        }
        group.get("generations/:name/balance") { request, context -> Response in
            let query = QueryParameters(request)
            let name = try context.pathParameter("name")
            let against = query.string("against")
            let days = try query.int("days", in: Atlas.planningDays) ?? 90
            let minimum = try query.int("households_min", in: 0...1_000_000) ?? HouseholdRange.standard.minimum
            let maximum = try query.int("households_max", in: 0...1_000_000) ?? HouseholdRange.standard.maximum
            let range = try HouseholdRange(minimum: minimum, maximum: maximum)
            let atlas = atlas
            return try JSONResponse.make(try await bounded {
                try atlas.balance(name, against: against, range: range, days: days)
            })
        }
    }

    /// One of a fixed set of words, or a 400 naming the parameter and the words it takes.
    static func choice(_ query: QueryParameters, _ name: String, among allowed: [String], default fallback: String) throws -> String {
        guard let value = query.string(name) else { return fallback }
        guard allowed.contains(value) else {
            throw Problem.badParameter(name, "'\(value)' is not one of \(allowed.joined(separator: ", "))")
        }
        return value
    }
}

extension PlanningError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .badParameter(let name, _): .badParameter(name, description)
        case .nothingToCompare: Problem(.notFound, description, parameter: "against")
        case .geometry: Problem(.unprocessableContent, description)
        case .badDraftName: .badParameter("name", description)
        }
    }
}

extension HouseholdRange.Invalid: ProblemConvertible {
    var problem: Problem { .badParameter(name, reason) }
}
