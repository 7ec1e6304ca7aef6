import Foundation
import GridAtlas
import GridPlanning
import Hummingbird

/// Topology validation of a generation: gaps, overlaps, spills, slivers, spikes, invalid shapes
/// and code problems, as JSON (summary and problems) or as a GeoJSON FeatureCollection of the
/// problems for a map. A read: it changes nothing.
extension AtlasServer {
    func addValidationRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("generations/:name/validation") { request, context -> Response in
            let query = QueryParameters(request)
            let name = context.parameters.get("name") ?? ""
            let tolerances = try Self.tolerances(query)
            let tiers = try query.tier().map { Set([$0]) }
            let format = query.string("format") ?? "json"
            guard ["json", "geojson"].contains(format) else {
                throw Problem.badParameter("format", "'\(format)' is not json or geojson")
            }
            // A city's validation takes seconds: allow more than a boundary question.
            let report = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 120), gate: heavyWork) {
                try atlas.validate(generation: name, tolerances: tolerances, tiers: tiers)
            }
            if format == "geojson" {
                return JSONResponse.raw(try report.geoJSON(), contentType: "application/geo+json")
            }
            return try JSONResponse.make(report)
        }
    }

    /// The thresholds from `error_area_m2`, `sliver_area_m2`, `sliver_width_m` and
    /// `spike_angle_deg`, each defaulting to ``TopologyTolerances/standard``; a bad value is a
    /// 400 naming its parameter.
    static func tolerances(_ query: QueryParameters) throws -> TopologyTolerances {
        let standard = TopologyTolerances.standard
        do {
            return try TopologyTolerances(
                errorAreaM2: try query.double("error_area_m2") ?? standard.errorAreaM2,
                sliverAreaM2: try query.double("sliver_area_m2") ?? standard.sliverAreaM2,
                sliverWidthM: try query.double("sliver_width_m") ?? standard.sliverWidthM,
                spikeAngleDegrees: try query.double("spike_angle_deg") ?? standard.spikeAngleDegrees)
        } catch let invalid as TopologyTolerances.Invalid {
            throw Problem.badParameter(invalid.name, "\(invalid.value) \(invalid.reason)")
        }
    }
}
