import Foundation
import GridDomain
import GridGeometry

/// The moved ground and the changed units of a ``TierDiff`` as GeoJSON FeatureCollections
/// (RFC 7946, WGS84 lon/lat), for a planner to lay over the map in QGIS or a web map.
public enum DiffGeoJSON {
    public enum Layer: String, CaseIterable, Sendable {
        /// One feature per flow: the ground that changed code.
        case flows
        /// One feature per added, removed or changed unit (the new shape for changed units).
        case units
    }

    /// Seven decimals: about 1 cm, as stored.
    static let decimals = 7

    public static func text(_ diff: TierDiff, layer: Layer) -> String {
        String(decoding: bytes(diff, layer: layer), as: UTF8.self)
    }

    public static func bytes(_ diff: TierDiff, layer: Layer) -> [UInt8] {
        var out = Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8)
        var first = true
        func feature(_ properties: some Encodable, _ shape: MultiPolygon) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += Array("{\"type\":\"Feature\",\"properties\":".utf8)
            out += (try? encoder.encode(properties)).map { Array($0) } ?? Array("{}".utf8)
            out += Array(",\"geometry\":".utf8)
            GeoJSONGeometry.append(shape, decimals: decimals, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        let tier = diff.tier.rawValue
        switch layer {
        case .flows:
            for flow in diff.flows {
                feature(FlowProperties(from: flow.from, to: flow.to, tier: tier, areaM2: flow.areaM2, shareOfFrom: flow.shareOfFrom,
                                       households: flow.households, population: flow.population), flow.geometry)
            }
        case .units:
            for unit in diff.added {
                feature(UnitProperties(code: unit.code, name: unit.name, tier: tier, change: "added", fields: nil, areaM2: unit.areaM2,
                                       areaBeforeM2: nil), unit.geometry)
            }
            for unit in diff.removed {
                feature(UnitProperties(code: unit.code, name: unit.name, tier: tier, change: "removed", fields: nil, areaM2: nil,
                                       areaBeforeM2: unit.areaM2), unit.geometry)
            }
            for unit in diff.changed {
                feature(UnitProperties(code: unit.code, name: unit.name, tier: tier, change: "changed", fields: unit.fields.map(\.rawValue),
                                       areaM2: unit.areaAfterM2, areaBeforeM2: unit.areaBeforeM2), unit.geometry)
            }
        }
        out += Array("]}".utf8)
        return out
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    struct FlowProperties: Encodable {
        var from: String
        var to: String
        var tier: String
        var areaM2: Double
        var shareOfFrom: Double
        var households: Double?
        var population: Double?

        enum CodingKeys: String, CodingKey {
            case from, to, tier, households, population
            case areaM2 = "area_m2"
            case shareOfFrom = "share_of_from"
        }
    }

    struct UnitProperties: Encodable {
        var code: String
        var name: String
        var tier: String
        /// added, removed or changed.
        var change: String
        var fields: [String]?
        var areaM2: Double?
        var areaBeforeM2: Double?

        enum CodingKeys: String, CodingKey {
            case code, name, tier, change, fields
            case areaM2 = "area_m2"
            case areaBeforeM2 = "area_before_m2"
        }
    }
}
