import Foundation
import GridAtlas
import GridDomain
import GridGeoPackage
import GridGeometry
import Hummingbird

/// Imports over HTTP (planner and above): the same all-or-nothing rules as the CLI, with every
/// rejected feature listed in the problem's `errors`.
extension AtlasServer {
    struct UnitImportAnswer: Codable, Sendable {
        var generation: GenerationAnswer
        var units: [String: Int]
    }

    struct RosterImportAnswer: Codable, Sendable {
        var entries: Int
        var replaced: Bool
    }

    func addImportRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.post("imports/units") { request, context -> Response in
            let query = QueryParameters(request)
            let name = try query.required("generation")
            let crsGiven = query.string("crs") != nil
            let crs = try query.crs()
            let publishAt = try query.string("activate").map { _ in try query.moment("activate") }
            let backdate = try query.bool("backdate") ?? false
            let tolerance = try query.double("tolerance_m2") ?? 1.0
            guard tolerance >= 0, tolerance <= 1_000_000 else {
                throw Problem.badParameter("tolerance_m2", "\(tolerance) is outside 0...1000000")
            }
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
            let file = query.string("filename") ?? "body"
            // A GeoPackage declared by its media type is read as one (GeoJSON sent so is refused); otherwise sniffed.
            let declaresGeoPackage = request.headers[.contentType]?.lowercased().hasPrefix(GeoPackage.mediaType) == true
            let format: UnitFileFormat? = declaresGeoPackage ? .geoPackage : nil
            let atlas = self.atlas
            let result = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 600), gate: heavyWork) {
                try atlas.importUnits(files: [(file, body)], crs: crs, crsIsExplicit: crsGiven, generation: name,
                                      toleranceM2: tolerance, publishAt: publishAt, backdate: backdate, format: format)
            }
            context.logger.notice("units imported", metadata: ["generation": "\(name)", "key": "\(context.caller.keyId ?? "-")"])
            let counts = Dictionary(uniqueKeysWithValues: result.counts.map { ($0.key.rawValue, $0.value) })
            return try JSONResponse.make(UnitImportAnswer(generation: GenerationAnswer(result.generation, now: Date()), units: counts),
                                         status: .created)
        }
        group.post("imports/roster") { request, context -> Response in
            let replace = try QueryParameters(request).bool("replace") ?? false
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
            let atlas = self.atlas
            let count = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 600), gate: heavyWork) {
                try atlas.importRoster(name: "body", data: body, replace: replace)
            }
            context.logger.notice("roster imported", metadata: ["entries": "\(count)", "key": "\(context.caller.keyId ?? "-")"])
            return try JSONResponse.make(RosterImportAnswer(entries: count, replaced: replace), status: .created)
        }
    }
}
