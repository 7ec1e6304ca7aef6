import Foundation

/// A tile of the Web Mercator pyramid (`z/x/y`, x from the antimeridian eastwards, y from the
/// north downwards), as slippy maps and the Mapbox Vector Tile spec address them.
public struct TileAddress: Sendable, Equatable, CustomStringConvertible {
    public let z: Int
    public let x: Int
    public let y: Int

    /// The deepest zoom served: a tile there is under 5 m wide, finer than any grid boundary.
    public static let maxZoom = 22

    public init(z: Int, x: Int, y: Int) throws(Invalid) {
        guard (0...Self.maxZoom).contains(z) else { throw Invalid(reason: "zoom \(z) is outside 0...\(Self.maxZoom)") }
        let size = 1 << z
        guard (0..<size).contains(x), (0..<size).contains(y) else {
            throw Invalid(reason: "tile \(x)/\(y) does not exist at zoom \(z) (0...\(size - 1) each way)")
        }
        self.z = z
        self.x = x
        self.y = y
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    /// Where a WGS84 position falls, in tile units of this zoom (fractional: 3.5 is the middle of column 3).
    public static func mercator(_ p: LonLat, zoom: Int) -> (x: Double, y: Double) {
        let n = Double(1 << zoom)
        let lat = Swift.max(-85.05112878, Swift.min(85.05112878, p.lat)) * .pi / 180
        let x = (p.lon + 180) / 360 * n
        let y = (1 - log(tan(lat) + 1 / cos(lat)) / .pi) / 2 * n
        return (x, y)
    }

    /// The tile's extent in WGS84.
    public var bounds: BoundingBox {
        let n = Double(1 << z)
        func lon(_ x: Double) -> Double { x / n * 360 - 180 }
        func lat(_ y: Double) -> Double { atan(sinh(.pi * (1 - 2 * y / n))) * 180 / .pi }
        return BoundingBox(minLon: lon(Double(x)), minLat: lat(Double(y + 1)), maxLon: lon(Double(x + 1)), maxLat: lat(Double(y)))
    }

    /// True when `p` falls in this tile (west and north edges in, east and south out), so a point
    /// belongs to exactly one tile of a zoom.
    public func holds(_ p: LonLat) -> Bool {
        let m = Self.mercator(p, zoom: z)
        return Int(m.x.rounded(.down)) == x && Int(m.y.rounded(.down)) == y
    }

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
