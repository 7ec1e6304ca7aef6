import Foundation

/// A position in the internal datum: WGS84 / CGCS2000 longitude and latitude in degrees.
///
/// GridAtlas keeps every stored vertex in this one datum; other systems (GCJ-02, BD-09,
/// projected EPSG codes) are converted at the edges by ``CoordinateConverter``.
public struct LonLat: Hashable, Sendable, CustomStringConvertible {
    public var lon: Double
    public var lat: Double

    @inlinable
    public init(_ lon: Double, _ lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// True when both values are finite and inside [-180, 180] × [-90, 90].
    public var isInRange: Bool {
        lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat)
    }

    /// `(108.41, 24.31)`: at most 7 decimals (about 1 cm), as a person reads a position.
    public var description: String { "(\(Self.short(lon)), \(Self.short(lat)))" }

    static func short(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        var text = String(format: "%.7f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// An axis-aligned box in lon/lat degrees.
public struct BoundingBox: Hashable, Sendable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    /// The empty box: extending it by any point gives that point.
    public static let empty = BoundingBox(minLon: .infinity, minLat: .infinity, maxLon: -.infinity, maxLat: -.infinity)

    public var isEmpty: Bool { minLon > maxLon || minLat > maxLat }

    public mutating func extend(_ p: LonLat) {
        minLon = Swift.min(minLon, p.lon)
        minLat = Swift.min(minLat, p.lat)
        maxLon = Swift.max(maxLon, p.lon)
        maxLat = Swift.max(maxLat, p.lat)
    }

    public mutating func extend(_ other: BoundingBox) {
        minLon = Swift.min(minLon, other.minLon)
        minLat = Swift.min(minLat, other.minLat)
        maxLon = Swift.max(maxLon, other.maxLon)
        maxLat = Swift.max(maxLat, other.maxLat)
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minLon <= other.maxLon && other.minLon <= maxLon && minLat <= other.maxLat && other.minLat <= maxLat
    }

    public func contains(_ p: LonLat) -> Bool {
        p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat
    }
}
