import Foundation

/// A local plane in metres around one position: east and north offsets from its centre, scaled
/// by the WGS84 ellipsoid's radii of curvature at the centre's latitude.
///
/// Used where GEOS must work in metres on a unit-sized area (simplifying with a tolerance in
/// metres). Over a grid, a community or even a district (a few km from the centre) the scale
/// differs from the true one by well under 0.1%, and the map is affine, so it needs no PROJ
/// object and is exact to invert; a transverse Mercator or azimuthal projection would be more
/// exact far from the centre, which these shapes never are.
public struct LocalFrame: Sendable, Equatable {
    public let centre: LonLat
    /// Metres per degree of longitude and of latitude at the centre.
    public let metresPerDegreeLon: Double
    public let metresPerDegreeLat: Double

    public init(centre: LonLat) {
        self.centre = centre
        let a = 6378137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let phi = centre.lat * .pi / 180
        let w = (1 - e2 * sin(phi) * sin(phi)).squareRoot()
        // Prime-vertical radius N = a / w; meridional radius M = a (1 - e²) / w³.
        metresPerDegreeLon = a / w * cos(phi) * .pi / 180
        metresPerDegreeLat = a * (1 - e2) / (w * w * w) * .pi / 180
    }

    /// The frame centred on a box's middle.
    public init(around box: BoundingBox) {
        self.init(centre: LonLat((box.minLon + box.maxLon) / 2, (box.minLat + box.maxLat) / 2))
    }

    /// East and north metres from the centre (x = east, y = north).
    @inlinable
    public func metres(_ p: LonLat) -> LonLat {
        LonLat((p.lon - centre.lon) * metresPerDegreeLon, (p.lat - centre.lat) * metresPerDegreeLat)
    }

    @inlinable
    public func degrees(_ q: LonLat) -> LonLat {
        LonLat(centre.lon + q.lon / metresPerDegreeLon, centre.lat + q.lat / metresPerDegreeLat)
    }
}
