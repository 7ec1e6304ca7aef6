import Foundation
import GridGeometry

/// The report as a GeoJSON FeatureCollection (RFC 7946) for QGIS or any web map: one feature
/// per problem, its shape as geometry (gap, overlap or spill polygons, the sliver part, the
/// spiky or invalid vertex, a line between two siblings out of sequence, a point inside the unit
/// for code problems), and the problem's JSON members as properties. The collection carries
/// `publishable`, `errors` and `warnings` as foreign members.
extension TopologyReport {
    public func geoJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        out += Array("{\"type\":\"FeatureCollection\"".utf8)
        if let generation { out += Array(",\"generation\":".utf8) + (try encoder.encode(generation)) }
        out += Array(",\"publishable\":\(isPublishable),\"errors\":\(errorCount),\"warnings\":\(warningCount),\"features\":[".utf8)
        for (k, problem) in problems.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"type\":\"Feature\",\"geometry\":".utf8)
            if let geometry = problem.geometry ?? problem.location.map({ .points([$0]) }) {
                Self.append(geometry, to: &out)
            } else {
                out += Array("null".utf8)
            }
            out += Array(",\"properties\":".utf8)
            out += try encoder.encode(problem)
            out.append(UInt8(ascii: "}"))
        }
        out += Array("]}".utf8)
        return out
    }

    static func append(_ geometry: SimpleGeometry, to out: inout [UInt8]) {
        let decimals = FixedDecimal.degrees
        func position(_ p: LonLat) {
            out.append(UInt8(ascii: "["))
            FixedDecimal.append(p.lon, decimals: decimals, to: &out)
            out.append(UInt8(ascii: ","))
            FixedDecimal.append(p.lat, decimals: decimals, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        func line(_ points: [LonLat]) {
            out.append(UInt8(ascii: "["))
            for (i, p) in points.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                position(p)
            }
            out.append(UInt8(ascii: "]"))
        }
        switch geometry {
        case .points(let points) where points.count == 1:
            out += Array("{\"type\":\"Point\",\"coordinates\":".utf8)
            position(points[0])
        case .points(let points):
            out += Array("{\"type\":\"MultiPoint\",\"coordinates\":".utf8)
            line(points)
        case .lines(let lines) where lines.count == 1:
            out += Array("{\"type\":\"LineString\",\"coordinates\":".utf8)
            line(lines[0])
        case .lines(let lines):
            out += Array("{\"type\":\"MultiLineString\",\"coordinates\":[".utf8)
            for (i, l) in lines.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                line(l)
            }
            out.append(UInt8(ascii: "]"))
        case .areas(let shape):
            GeoJSONGeometry.append(shape, decimals: decimals, to: &out)
            return
        }
        out.append(UInt8(ascii: "}"))
    }
}
