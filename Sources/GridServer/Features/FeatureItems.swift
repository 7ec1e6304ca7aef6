import Foundation
import GridDomain
import GridGeometry
import Hummingbird

/// `GET /collections/{tier}/items`: a page of units as a GeoJSON FeatureCollection with
/// `numberMatched`, `numberReturned` and a `next` link while more remain.
extension AtlasServer {
    func items(_ request: Request, tier: Tier) async throws -> Response {
        // Any box on the globe is fine here: pages bound the answer, not the box.
        let query = try FeatureQuery(request, maxLimit: configuration.maxPageSize, maxBBoxDegrees: 360)
        let source = try featureSource(at: query.moment)
        var matched = source.units.filter { $0.tier == tier }
        if let box = query.bbox {
            let candidates = matched.filter { Self.overlaps($0.bounds, box) }
            matched = try await BoundedWork.run(seconds: configuration.queryTimeoutSeconds) {
                try Self.intersecting(candidates, box)
            }
        }
        let page = matched.dropFirst(query.offset).prefix(query.limit)
        let base = Self.baseURL(request)
        let path = "\(base)/collections/\(tier.rawValue)/items"
        var links = [Self.link(Self.pageURL(path, query, offset: query.offset), "self", "application/geo+json", "this page")]
        if query.offset + page.count < matched.count {
            links.append(Self.link(Self.pageURL(path, query, offset: query.offset + page.count), "next", "application/geo+json", "next page"))
        }
        if query.offset > 0 {
            links.append(Self.link(Self.pageURL(path, query, offset: max(0, query.offset - query.limit)), "prev", "application/geo+json", "previous page"))
        }
        links.append(Self.link("\(base)/collections/\(tier.rawValue)", "collection", "application/json", "the collection"))

        var text = "{\"type\":\"FeatureCollection\",\"features\":["
        text += page.map { Self.featureText($0, generation: source.generation.name, links: nil) }.joined(separator: ",")
        text += "],\"numberMatched\":\(matched.count),\"numberReturned\":\(page.count),\"timeStamp\":\(Self.jsonString(Dates.format(Date())))"
        text += ",\"generation\":\(Self.jsonString(source.generation.name)),\"links\":\(Self.jsonText(links))}"
        return JSONResponse.raw(Array(text.utf8), contentType: "application/geo+json")
    }

    static func overlaps(_ a: BoundingBox, _ b: BoundingBox) -> Bool {
        a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat
    }

    /// Exact test for units whose bounds overlap the box: GEOS, one context for this request.
    static func intersecting(_ candidates: [FeatureSource.Item], _ box: BoundingBox) throws -> [FeatureSource.Item] {
        let geos = GEOSContext()
        let ring = Ring([LonLat(box.minLon, box.minLat), LonLat(box.maxLon, box.minLat),
                         LonLat(box.maxLon, box.maxLat), LonLat(box.minLon, box.maxLat),
                         LonLat(box.minLon, box.minLat)])
        let query = try geos.geometry(MultiPolygon([Polygon(exterior: ring)]))
        return try candidates.filter { item in
            // Inside the box entirely: no GEOS call needed.
            if item.bounds.minLon >= box.minLon, item.bounds.maxLon <= box.maxLon, item.bounds.minLat >= box.minLat,
               item.bounds.maxLat <= box.maxLat { return true }
            return !geos.isEmpty(try geos.intersection(query, geos.geometry(item.unit.geometry)))
        }
    }

    static func pageURL(_ path: String, _ query: FeatureQuery, offset: Int) -> String {
        var parts = ["limit=\(query.limit)", "offset=\(offset)"]
        if let box = query.bbox { parts.append("bbox=\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)") }
        if let datetime = query.datetimeText {
            parts.append("datetime=" + (datetime.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-:."))) ?? datetime))
        }
        return path + "?" + parts.joined(separator: "&")
    }

    static func featureText(_ item: FeatureSource.Item, generation: String, links: [[String: String]]?) -> String {
        let unit = item.unit
        var properties: [String: Any] = [
            "code": unit.code, "name": unit.name, "tier": unit.tier.rawValue, "parent_code": unit.parentCode ?? NSNull(),
            "households": unit.households ?? NSNull(), "population": unit.population ?? NSNull(), "generation": generation,
        ]
        if let extra = try? JSONSerialization.jsonObject(with: Data(unit.attributesJSON.utf8)) as? [String: Any] {
            for (key, value) in extra where properties[key] == nil { properties[key] = value }
        }
        var text = "{\"type\":\"Feature\",\"id\":\(jsonString(unit.code)),\"geometry\":\(item.geometryText),\"properties\":\(jsonText(properties))"
        if let links { text += ",\"links\":\(jsonText(links))" }
        return text + "}"
    }

    static func jsonText(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonString(_ text: String) -> String {
        jsonText([text]).dropFirst().dropLast().description
    }
}
