import Foundation
import GridDomain
import GridGeometry

/// Writes units as a GeoJSON FeatureCollection (RFC 7946: WGS84 lon/lat), with the properties
/// ``UnitFeatureReader`` reads back, so an export re-imports unchanged.
public enum UnitFeatureWriter {
    public static func featureCollection(_ units: [AreaUnit]) -> String {
        var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for (i, unit) in units.enumerated() {
            out += feature(unit)
            out += i + 1 < units.count ? ",\n" : "\n"
        }
        out += "]}\n"
        return out
    }

    public static func feature(_ unit: AreaUnit) -> String {
        var properties: [String: Any] = [:]
        if let data = unit.attributesJSON.data(using: .utf8),
           let extra = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            properties = extra
        }
        properties["code"] = unit.code
        properties["tier"] = unit.tier.rawValue
        properties["name"] = unit.name
        properties["parent"] = unit.parentCode ?? NSNull()
        if let households = unit.households { properties["households"] = households }
        if let population = unit.population { properties["population"] = population }
        let props = (try? JSONSerialization.data(withJSONObject: properties, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "{\"type\":\"Feature\",\"properties\":\(props),\"geometry\":\(GeoJSONGeometry.text(unit.geometry))}"
    }
}
