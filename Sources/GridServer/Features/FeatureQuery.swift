import Foundation
import GridDomain
import GridGeometry
import Hummingbird

/// The query of an items request, checked as OGC API Features Part 1 asks: unknown parameters
/// are refused (400), a `limit` above the maximum is lowered to it, `bbox` is CRS84.
struct FeatureQuery {
    var bbox: BoundingBox?
    var limit = 10
    var offset = 0
    /// The instant `datetime` names; the generation in force then answers.
    var moment = Date()
    var datetimeText: String?
    /// A generation by name (a GridAtlas extension: drafts have no moment in force).
    var generation: String?

    init(_ request: Request, maxLimit: Int, maxBBoxDegrees: Double,
         allowed: Set<String> = ["bbox", "limit", "offset", "datetime", "f", "bbox-crs", "generation"]) throws {
        let query = QueryParameters(request)
        for name in query.values.keys where !allowed.contains(name) {
            throw Problem.badParameter(name, "is not a parameter of this resource (known: \(allowed.sorted().joined(separator: ", ")))")
        }
        if let f = query.string("f"), !["json", "geojson"].contains(f) {
            throw Problem.badParameter("f", "'\(f)' is not offered; use json")
        }
        if let crs = query.string("bbox-crs"), crs != "http://www.opengis.net/def/crs/OGC/1.3/CRS84" {
            throw Problem.badParameter("bbox-crs", "only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is offered")
        }
        if let text = query.string("bbox") { bbox = try Self.bbox(text, maxDegrees: maxBBoxDegrees) }
        if let asked = try query.int("limit", in: 1...Int(Int32.max)) { limit = min(asked, maxLimit) }
        offset = try query.int("offset", in: 0...Int(Int32.max)) ?? 0
        generation = query.string("generation")
        if let text = query.string("datetime") {
            guard generation == nil else { throw Problem.badParameter("datetime", "give either datetime or generation, not both") }
            datetimeText = text
            guard !text.contains("/") else {
                throw Problem.badParameter("datetime", "'\(text)' is an interval; give one instant: the generation of boundaries in force then answers")
            }
            guard let date = Dates.parse(text) else {
                throw Problem.badParameter("datetime", "'\(text)' is not an RFC 3339 date-time or date")
            }
            moment = date
        }
    }

    /// `minLon,minLat,maxLon,maxLat` (a 6-number 3D bbox drops its heights).
    static func bbox(_ text: String, maxDegrees: Double, name: String = "bbox") throws -> BoundingBox {
        let numbers = try text.split(separator: ",", omittingEmptySubsequences: false).map {
            try QueryParameters.number(String($0), name: name)
        }
        guard numbers.count == 4 || numbers.count == 6 else {
            throw Problem.badParameter(name, "expected 4 numbers minLon,minLat,maxLon,maxLat, got \(numbers.count)")
        }
        let (a, b, c, d) = numbers.count == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (numbers[0], numbers[1], numbers[3], numbers[4])
        guard (-180...180).contains(a), (-180...180).contains(c) else { throw Problem.badParameter(name, "longitudes must lie in -180..180") }
        guard (-90...90).contains(b), (-90...90).contains(d) else { throw Problem.badParameter(name, "latitudes must lie in -90..90") }
        guard a <= c, b <= d else { throw Problem.badParameter(name, "minimum exceeds maximum (\(text)); boxes across the antimeridian are not offered") }
        guard c - a <= maxDegrees, d - b <= maxDegrees else {
            throw Problem.badParameter(name, "the box spans more than \(maxDegrees)° on a side; ask for a smaller one")
        }
        return BoundingBox(minLon: a, minLat: b, maxLon: c, maxLat: d)
    }
}
