import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Hummingbird

/// Point lookups: `GET /locate` (one point), and MapIt's `GET /point/{crs}/{lon},{lat}`.
/// The batch `POST /locate` lives in BatchRoutes.
extension AtlasServer {
    func addLocateRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("locate") { request, context -> Response in
            let query = QueryParameters(request)
            let crs = try query.crs()
            let position = try Self.position(lon: query.requiredDouble("lon"), lat: query.requiredDouble("lat"), crs: crs)
            let resolution = try converters.with(crs) { converter in
                try atlas.resolve(position, converter: converter, at: query.moment("at"), generation: query.string("generation"),
                                  accuracy: query.double("accuracy"))
            }
            Telemetry.singleLookups.increment()
            return JSONResponse.raw(resolution.jsonBytes(includePhones: context.caller.seesPhones))
        }
        group.get("point/:crs/:coordinates") { request, context -> Response in
            try mapItPoint(request, context)
        }
    }

    /// Checks degrees before conversion so the message names the parameter the caller sent.
    static func position(lon: Double, lat: Double, crs: CRS) throws -> LonLat {
        if crs.isGeographicDegrees {
            guard (-180...180).contains(lon) else { throw Problem.badParameter("lon", "\(lon) is outside -180..180") }
            guard (-90...90).contains(lat) else { throw Problem.badParameter("lat", "\(lat) is outside -90..90") }
        }
        return LonLat(lon, lat)
    }

    /// MapIt answers an object keyed by area id, one entry per area containing the point.
    private func mapItPoint(_ request: Request, _ context: AtlasRequestContext) throws -> Response {
        let crsText = try context.pathParameter("crs")
        let crs: CRS
        do { crs = try CRS(parsing: crsText) } catch { throw Problem.badParameter("crs", error.description) }
        let parts = (try context.pathParameter("coordinates")).split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw Problem.badParameter("coordinates", "expected {lon},{lat} as in /point/4326/108.37,24.26")
        }
        let position = try Self.position(lon: QueryParameters.number(String(parts[0]), name: "lon"),
                                         lat: QueryParameters.number(String(parts[1]), name: "lat"), crs: crs)
        let query = QueryParameters(request)
        let resolution = try converters.with(crs) { converter in
            try atlas.resolve(position, converter: converter, at: query.moment("at"), generation: query.string("generation"))
        }
        Telemetry.mapitLookups.increment()
        var areas: [String: Any] = [:]
        var parent: String?
        for unit in resolution.units {
            areas[unit.code] = [
                "id": unit.code, "name": unit.name, "type": unit.tier, "type_name": Tier(rawValue: unit.tier)?.chineseName ?? unit.tier,
                "country": "CN", "country_name": "China", "parent_area": parent ?? NSNull(),
                "generation": resolution.generation, "codes": ["gb": unit.code],
            ] as [String: Any]
            parent = unit.code
        }
        return try JSONResponse.object(areas)
    }
}
