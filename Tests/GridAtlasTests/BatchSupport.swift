import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Helpers for the batch tests: bodies in each format, and reading a JSON answer back with
/// Foundation's parser (an independent check of the hand-written writer).
enum BatchBodies {
    /// Numbers as Swift writes them: the shortest text that reads back the same Double.
    static func json(_ points: [LonLat], ids: [String]? = nil, at: [String?]? = nil) -> [UInt8] {
        let elements = points.indices.map { i -> String in
            var members = ["\"lon\":\(points[i].lon)", "\"lat\":\(points[i].lat)"]
            if let ids { members.append("\"id\":\(quoted(ids[i]))") }
            if let moment = at?[i] { members.append("\"at\":\"\(moment)\"") }
            return "{" + members.joined(separator: ",") + "}"
        }
        return Array(("[" + elements.joined(separator: ",") + "]").utf8)
    }

    static func pairs(_ points: [LonLat]) -> [UInt8] {
        Array(("[" + points.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]").utf8)
    }

    static func geojson(_ points: [LonLat], ids: [String]? = nil, at: [String?]? = nil) -> [UInt8] {
        let features = points.indices.map { i -> String in
            var properties: [String] = []
            if let ids { properties.append("\"id\":\(quoted(ids[i]))") }
            if let moment = at?[i] { properties.append("\"at\":\"\(moment)\"") }
            return "{\"type\":\"Feature\",\"properties\":{\(properties.joined(separator: ","))},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(points[i].lon),\(points[i].lat)]}}"
        }
        return Array(("{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}").utf8)
    }

    static func csv(_ points: [LonLat], ids: [String]? = nil, at: [String?]? = nil) -> [UInt8] {
        var lines = ["id,lat,lon,at"]
        for i in points.indices {
            let id = ids.map { "\"" + $0[i].replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
            lines.append("\(id),\(points[i].lat),\(points[i].lon),\(at?[i] ?? "")")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
    }
}

/// A JSON answer read back by JSONSerialization.
struct BatchAnswer {
    let top: [String: Any]
    let results: [[String: Any]]

    init(_ bytes: [UInt8]) throws {
        top = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        results = try #require(top["results"] as? [[String: Any]])
    }

    func error(_ i: Int) -> String? { results[i]["error"] as? String }
}

enum BatchRun {
    /// Parses, resolves and writes a body in one go, as the HTTP route does.
    static func answer(_ body: [UInt8], _ format: BatchFormat, atlas: Atlas, options: BatchOptions,
                       maxPoints: Int = PointBatch.defaultMaxPoints) throws -> BatchAnswer {
        let batch = try PointBatch.parse(body, format: format, maxPoints: maxPoints)
        let resolved = try PointBatchResolver(atlas: atlas).resolve(batch, options: options)
        return try BatchAnswer(resolved.write(.json))
    }

    /// Checks one batch result against the answer for the same point one by one.
    static func expectSame(_ result: [String: Any], _ expected: Resolution, includePhones: Bool,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result["status"] as? String == expected.status, sourceLocation: sourceLocation)
        let units = (result["units"] as? [[String: String]])?.map { [$0["tier"] ?? "", $0["code"] ?? ""] }
        #expect(units == expected.units.map { [$0.tier, $0.code] }, sourceLocation: sourceLocation)
        let grid = expected.status == "inside" ? expected.units.first { $0.tier == "grid" }?.code : nil
        #expect(result["grid"] as? String == grid, sourceLocation: sourceLocation)
        #expect((result["grid"] is NSNull) == (grid == nil), sourceLocation: sourceLocation)
        if let worker = expected.responsible {
            let answered = result["responsible"] as? [String: String]
            #expect(answered?["id"] == worker.id && answered?["name"] == worker.name, sourceLocation: sourceLocation)
            #expect(answered?["phone"] == (includePhones ? worker.phone : nil), sourceLocation: sourceLocation)
        } else {
            #expect(result["responsible"] is NSNull, sourceLocation: sourceLocation)
        }
        if let nearest = expected.nearest {
            let answered = result["nearest"] as? [String: Any]
            #expect(answered?["code"] as? String == nearest.code, sourceLocation: sourceLocation)
            #expect(answered?["distance_m"] as? Double == nearest.distanceM, sourceLocation: sourceLocation)
        } else {
            #expect(result["nearest"] is NSNull, sourceLocation: sourceLocation)
        }
    }
}
