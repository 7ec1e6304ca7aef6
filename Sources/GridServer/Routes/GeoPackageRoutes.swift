import Foundation
import GridAtlas
import GridDomain
import GridGeoPackage
import GridGeometry
import Hummingbird

/// GeoPackage downloads: a generation as one layer per tier, for planners to edit in QGIS and
/// send back to `POST /imports/units` (which reads GeoPackages as well as GeoJSON).
extension AtlasServer {
    func addGeoPackageRoutes(to group: RouterGroup<AtlasRequestContext>) {
        group.get("generations/:name/geopackage") { request, context -> Response in
            let name = context.parameters.get("name") ?? ""
            let query = QueryParameters(request)
            let tiers = try Self.tierList(query.string("tier"))
            let crs: ExportCRS
            do { crs = try ExportCRS(try query.crs()) } catch let error as ExportCRS.Unsupported {
                throw Problem.badParameter("crs", error.description)
            }
            guard try atlas.generations().contains(where: { $0.name == name }) else {
                throw Problem.notFound("no generation named '\(name)'", parameter: "name")
            }
            let atlas = self.atlas
            let data: Data
            do {
                data = try await BoundedWork.run(seconds: max(configuration.queryTimeoutSeconds, 600), gate: heavyWork) {
                    try atlas.geoPackageData(generation: name, tiers: tiers, crs: crs)
                }
            } catch GeoPackageWriteError.nothingToWrite(let detail) {
                throw Problem.notFound("nothing to export: \(detail)", parameter: "tier")
            }
            var headers = HTTPFields()
            headers[.contentType] = GeoPackage.mediaType
            headers[.contentDisposition] = Self.attachment(name: name, tiers: tiers)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// `tier=grid,community` (comma-separated); nil for every tier.
    static func tierList(_ text: String?) throws -> Set<Tier>? {
        guard let text else { return nil }
        var tiers = Set<Tier>()
        for part in text.split(separator: ",") {
            let word = part.trimmingCharacters(in: .whitespaces)
            guard let tier = Tier(name: word) else {
                throw Problem.badParameter("tier", "unknown tier '\(word)': use district, subdistrict, community, grid or micro_area, comma-separated")
            }
            tiers.insert(tier)
        }
        return tiers.isEmpty ? nil : tiers
    }

    /// `attachment; filename="gridatlas-2024.gpkg"`, with the UTF-8 name too (generation names may be Chinese).
    static func attachment(name: String, tiers: Set<Tier>?) -> String {
        let suffix = tiers.map { "-" + $0.sorted().map(\.rawValue).joined(separator: "-") } ?? ""
        let full = "gridatlas-\(name)\(suffix).gpkg"
        let ascii = String(full.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        let encoded = full.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
