import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Hummingbird

/// Units as Mapbox Vector Tiles: `/tiles/{tier}/{z}/{x}/{y}.mvt`, one layer named after the tier,
/// and one `{tier}_labels` of points where each unit's name goes, so a map draws the 19,000-grid tier tile by tile instead of one huge GeoJSON. Read access;
/// `generation` or `at` pick the boundaries as everywhere else.
extension AtlasServer {
    func addTileRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("tiles/{tier}/{z}/{x}/{y}.mvt") { request, context -> Response in
            let tierName = try context.pathParameter("tier")
            guard let tier = Tier(name: tierName) else {
                throw Problem.badParameter("tier", "'\(tierName)' is not a tier; use district, subdistrict, community, grid or micro_area")
            }
            guard let y = try Int(context.pathParameter("y")), let z = try Int(context.pathParameter("z")),
                  let x = try Int(context.pathParameter("x")) else {
                throw Problem.badParameter("tile", "the path must read /tiles/{tier}/{z}/{x}/{y}.mvt with whole numbers")
            }
            let address: TileAddress
            do { address = try TileAddress(z: z, x: x, y: y) } catch let invalid as TileAddress.Invalid { throw Problem.badParameter("tile", invalid.description) }
            let query = QueryParameters(request)
            let (view, _) = try self.view(query)
            let bytes = try await bounded {
                let ids = view.candidates(of: tier, in: address.bounds)
                let features = ids.map { id -> VectorTile.Feature in
                    let unit = view.unit(id)
                    var properties: [(String, VectorTile.Value)] = [("code", .string(unit.code)), ("name", .string(unit.name))]
                    if let parent = unit.parentCode { properties.append(("parent", .string(parent))) }
                    if let households = unit.households { properties.append(("households", .int(Int64(households)))) }
                    return VectorTile.Feature(id: UInt64(id), shape: unit.geometry, properties: properties)
                }
                // Labels in their own point layer, each in the one tile holding its anchor, so a
                // unit spanning four tiles is named once, not four times.
                let labels = ids.compactMap { id -> VectorTile.Feature? in
                    let unit = view.unit(id)
                    let anchor = unit.geometry.labelPoint
                    guard address.holds(anchor) else { return nil }
                    return VectorTile.Feature(id: UInt64(id), geometry: .point(anchor),
                                              properties: [("code", .string(unit.code)), ("name", .string(unit.name)),
                                                           ("area_m2", .double(view.areas[Int(id)].rounded()))])
                }
                var tile = VectorTile(address: address)
                tile.addLayer(tier.rawValue, features: features)
                tile.addLayer(tier.rawValue + "_labels", features: labels)
                return tile.data
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/vnd.mapbox-vector-tile"
            // A tile of a published generation named in the request never changes; any other (the
            // generation in force now, which the next publish may change, or a draft being edited)
            // is checked with the server each time, so no map shows yesterday's boundaries.
            let pinned = query.string("generation") != nil ? try atlas.generations().first { $0.id == view.generationId } : nil
            let fixed = pinned?.state == .published
            headers[.cacheControl] = fixed ? "public, max-age=300" : "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
