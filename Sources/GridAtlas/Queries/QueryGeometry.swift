import GridDomain
import GridGeometry

/// A caller's geometry for an intersection question, read, checked and converted to WGS84.
///
/// Text is WKT or a GeoJSON geometry (or Feature), read by GEOS; its vertices may be in any CRS
/// the service accepts and are converted one by one (GCJ-02 and BD-09 in Swift, EPSG codes
/// through PROJ). Every failure names what is wrong: GEOS's parse message, GEOS's reason and
/// position for an invalid shape, the vertex that is out of range.
public struct QueryGeometry: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case wkt
        case geojson

        /// GeoJSON when the text starts with `{`, WKT otherwise.
        public static func detect(_ text: String) -> Format {
            text.first(where: { !$0.isWhitespace }) == "{" ? .geojson : .wkt
        }
    }

    /// The geometry in WGS84 lon/lat.
    public let wgs84: SimpleGeometry

    public init(wgs84: SimpleGeometry) {
        self.wgs84 = wgs84
    }

    /// Reads `text` (format detected when nil) in `crs`.
    public init(text: String, format: Format? = nil, crs: CRS = .wgs84, limits: QueryLimits = .standard) throws(QueryError) {
        guard text.contains(where: { !$0.isWhitespace }) else { throw .badGeometry(reason: "the geometry text is empty") }
        let format = format ?? Format.detect(text)
        let geos = GEOSContext()
        let parsed: GEOSGeometry
        do {
            parsed = format == .wkt ? try geos.readWKT(text) : try geos.readGeoJSON(text)
        } catch {
            throw .badGeometry(reason: "cannot read the \(format == .wkt ? "WKT" : "GeoJSON"): \(error.message)")
        }
        guard let value = geos.simpleGeometry(of: parsed) else {
            throw .badGeometry(reason: "a \(geos.typeName(of: parsed)) mixing kinds is not supported: send a Point, LineString, Polygon or one of their Multi forms")
        }
        guard !value.isEmpty else { throw .badGeometry(reason: "the \(geos.typeName(of: parsed)) is empty") }
        guard value.vertexCount <= limits.maxInputVertices else {
            throw .tooLarge(name: "geometry", size: Double(value.vertexCount), limit: Double(limits.maxInputVertices), unit: "vertices")
        }
        if case .invalid(let reason, let location) = geos.validity(of: parsed) {
            throw .badGeometry(reason: "invalid \(geos.typeName(of: parsed)): \(reason)\(location.map { " at \($0)" } ?? "")")
        }
        let converted = try Self.convert(value, from: crs)
        try Self.checkExtent(converted.bounds, name: "geometry", limits: limits)
        wgs84 = converted
    }

    /// A box in WGS84 (minLon, minLat, maxLon, maxLat): finite, in range, min below max on both
    /// axes, and no larger than the limit.
    public init(bbox: BoundingBox, limits: QueryLimits = .standard) throws(QueryError) {
        let values = [("minLon", bbox.minLon), ("minLat", bbox.minLat), ("maxLon", bbox.maxLon), ("maxLat", bbox.maxLat)]
        for (name, value) in values where !value.isFinite {
            throw .badParameter(name: "bbox", reason: "\(name) must be a finite number, got \(value)")
        }
        for (name, value) in values {
            let limit = name.hasSuffix("Lon") ? 180.0 : 90.0
            guard abs(value) <= limit else {
                throw .badParameter(name: "bbox", reason: "\(name) must lie in -\(Int(limit))...\(Int(limit)), got \(value)")
            }
        }
        guard bbox.minLon < bbox.maxLon else {
            throw .badParameter(name: "bbox", reason: "minLon (\(bbox.minLon)) must be less than maxLon (\(bbox.maxLon))")
        }
        guard bbox.minLat < bbox.maxLat else {
            throw .badParameter(name: "bbox", reason: "minLat (\(bbox.minLat)) must be less than maxLat (\(bbox.maxLat))")
        }
        try Self.checkExtent(bbox, name: "bbox", limits: limits)
        let corners = [LonLat(bbox.minLon, bbox.minLat), LonLat(bbox.maxLon, bbox.minLat), LonLat(bbox.maxLon, bbox.maxLat),
                       LonLat(bbox.minLon, bbox.maxLat), LonLat(bbox.minLon, bbox.minLat)]
        wgs84 = .areas(MultiPolygon(Polygon(exterior: Ring(corners))))
    }

    static func convert(_ value: SimpleGeometry, from crs: CRS) throws(QueryError) -> SimpleGeometry {
        do {
            return try ConverterPool.shared.with(crs) { converter in
                try value.mapPoints { p in
                    guard p.lon.isFinite, p.lat.isFinite else { throw ConversionFailure(point: p, reason: "is not finite") }
                    if crs.isGeographicDegrees && !p.isInRange {
                        throw ConversionFailure(point: p, reason: "is outside longitude -180...180 / latitude -90...90")
                    }
                    do { return try converter.toWGS84(p) } catch { throw ConversionFailure(point: p, reason: "\(error)") }
                }
            }
        } catch let failure as ConversionFailure {
            throw .badGeometry(reason: "vertex \(failure.point) in \(crs) \(failure.reason)")
        } catch let unknown as ProjTransformer.UnknownCRS {
            throw .badParameter(name: "crs", reason: unknown.description)
        } catch {
            throw .badGeometry(reason: "\(error)")
        }
    }

    private struct ConversionFailure: Error {
        var point: LonLat
        var reason: String
    }

    /// Refuses an extent larger than the limit, measured as the geodesic area of its box.
    static func checkExtent(_ box: BoundingBox, name: String, limits: QueryLimits) throws(QueryError) {
        let ring = Ring([LonLat(box.minLon, box.minLat), LonLat(box.maxLon, box.minLat), LonLat(box.maxLon, box.maxLat),
                         LonLat(box.minLon, box.maxLat), LonLat(box.minLon, box.minLat)])
        let km2 = Geodesic.wgs84.area(ring) / 1e6
        guard km2 <= limits.maxBoxKm2 else { throw .tooLarge(name: name, size: km2, limit: limits.maxBoxKm2, unit: "km²") }
    }
}
