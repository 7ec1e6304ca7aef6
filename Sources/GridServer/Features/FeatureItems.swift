import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Hummingbird

/// `GET /collections/{tier}/items`: a page of units as a GeoJSON FeatureCollection with
/// `numberMatched`, `numberReturned` and a `next` link while more remain.
extension AtlasServer {
    func items(_ request: Request, tier: Tier) async throws -> Response {
        // Any box on the globe is fine here: pages bound the answer, not the box.
        let query = try FeatureQuery(request, maxLimit: configuration.maxPageSize, maxBBoxDegrees: 360)
        let source = try featureSource(at: query.moment, generation: query.generation)
        var matched = source.ids(of: tier)
        if let box = query.bbox {
            // The same intersects test as GET /units, without its box-size limit.
            let view = source.view
            let hits = try await BoundedWork.run(seconds: configuration.queryTimeoutSeconds, gate: heavyWork) {
                try view.intersecting(QueryGeometry(bbox: box, limits: QueryLimits(maxBoxKm2: .infinity)), tier: tier)
            }
            let codes = Set(hits.units.map(\.code))
            matched = matched.filter { codes.contains(view.unit($0).code) }
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
        text += page.map { Self.featureText(source.view.unit($0), generation: source.generationName, links: nil) }.joined(separator: ",")
        text += "],\"numberMatched\":\(matched.count),\"numberReturned\":\(page.count),\"timeStamp\":\(Self.jsonString(Dates.format(Date())))"
        text += ",\"generation\":\(Self.jsonString(source.generationName)),\"links\":\(Self.jsonText(links))}"
        return JSONResponse.raw(Array(text.utf8), contentType: "application/geo+json")
    }

    static func pageURL(_ path: String, _ query: FeatureQuery, offset: Int) -> String {
        var parts = ["limit=\(query.limit)", "offset=\(offset)"]
        if let box = query.bbox { parts.append("bbox=\(box.minLon),\(box.minLat),\(box.maxLon),\(box.maxLat)") }
        if let datetime = query.datetimeText {
            parts.append("datetime=" + (datetime.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-:."))) ?? datetime))
        }
        if let generation = query.generation {
            parts.append("generation=" + (generation.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_."))) ?? generation))
        }
        return path + "?" + parts.joined(separator: "&")
    }

    static func featureText(_ unit: AreaUnit, generation: String, links: [[String: String]]?) -> String {
        var properties: [String: Any] = [
            "code": unit.code, "name": unit.name, "tier": unit.tier.rawValue, "parent_code": unit.parentCode ?? NSNull(),
            "households": unit.households ?? NSNull(), "population": unit.population ?? NSNull(), "generation": generation,
        ]
        if let extra = try? JSONSerialization.jsonObject(with: Data(unit.attributesJSON.utf8)) as? [String: Any] {
            for (key, value) in extra where properties[key] == nil { properties[key] = value }
        }
        var text = "{\"type\":\"Feature\",\"id\":\(jsonString(unit.code)),\"geometry\":\(GeoJSONGeometry.text(unit.geometry)),\"properties\":\(jsonText(properties))"
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
