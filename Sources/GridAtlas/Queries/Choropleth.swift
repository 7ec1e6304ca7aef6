import Foundation
import GridDomain
import GridGeometry

/// A density map: every unit of a tier as a GeoJSON feature carrying its density figures and a
/// quantile class over one measure, for a map client to colour.
public struct Choropleth: Sendable, Equatable {
    public let measure: DensityMeasure
    public let breaks: QuantileBreaks
    /// Per row of the table (code order): the unit's class, nil where the measure is undefined.
    public let classes: [Int?]
    /// A GeoJSON FeatureCollection: each feature's `id` is the unit code, its properties the
    /// density row plus `class`; top-level members `measure`, `classes`, `breaks`, `generation`,
    /// `tier` and `at` describe the map.
    public let geoJSON: String
}

extension DensityTable {
    /// The table as a choropleth over `measure` in `classes` quantile classes, each unit's
    /// boundary simplified by `simplify` metres (nil: as stored) and written in WGS84.
    public func choropleth(view: GenerationView, measure: DensityMeasure, classes: Int = 5, simplify: Double? = nil,
                           limits: QueryLimits = .standard) throws(QueryError) -> Choropleth {
        guard (1...limits.maxClasses).contains(classes) else {
            throw .badParameter(name: "classes", reason: "must be 1...\(limits.maxClasses), got \(classes)")
        }
        let simplifier = try ShapeSimplifier(metres: simplify, limits: limits)
        let values = rows.map { measure.value(in: $0) }
        let breaks = QuantileBreaks(values: values.compactMap { $0 }, classes: classes)
        let classOf = values.map { $0.map(breaks.classOf) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ value: some Encodable) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        var text: [UInt8] = []
        text += Array("{\"type\":\"FeatureCollection\",\"measure\":\(json(measure.rawValue)),\"classes\":\(classes)".utf8)
        text += Array(",\"breaks\":\(json(breaks.breaks)),\"generation\":\(json(generation)),\"tier\":\(json(tier)),\"at\":\(json(at))".utf8)
        text += Array(",\"features\":[".utf8)
        let geos = GEOSContext()
        for (i, row) in rows.enumerated() {
            let id = try view.id(of: row.code)
            let shape = try engine { () throws(GEOSError) in try simplifier.simplify(view.unit(id).geometry, geos: geos) }
            text += Array("\(i > 0 ? "," : ""){\"type\":\"Feature\",\"id\":\(json(row.code)),\"geometry\":".utf8)
            GeoJSONGeometry.append(shape, decimals: FixedDecimal.degrees, to: &text)
            text += Array(",\"properties\":\(json(Properties(row: row, klass: classOf[i])))}".utf8)
        }
        text += Array("]}".utf8)
        return Choropleth(measure: measure, breaks: breaks, classes: classOf, geoJSON: String(decoding: text, as: UTF8.self))
    }

    /// A feature's properties: the density row and its class, side by side in one object.
    private struct Properties: Encodable {
        var row: DensityRow
        var klass: Int?

        enum Keys: String, CodingKey { case klass = "class" }

        func encode(to encoder: Encoder) throws {
            try row.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(klass, forKey: .klass)
        }
    }
}
