import GridDomain
import GridGeometry

/// A report's position with an uncertainty radius: which grids the circle falls in, and how much
/// of it each holds, for reports near a border. Shares are of geodesic area and, with the part
/// outside every grid, sum to 1.
public struct AccuracyCircle {
    public let center: LonLat
    public let radius: Double

    public init(center: LonLat, radius: Double) {
        self.center = center
        self.radius = radius
    }

    /// - Parameter shapes: the boundaries of the grids with these ids (the Locator keeps no
    ///   shapes: they are read from the store for the few grids a circle may touch).
    public func shares(in locator: Locator, shapes: ([Int32]) throws -> [(id: Int32, shape: MultiPolygon)]) throws
        -> (grids: [(id: Int32, share: Double)], outside: Double) {
        let circle = Geodesic.wgs84.circle(center: center, radius: radius, segments: 72)
        let circleArea = Geodesic.wgs84.area(MultiPolygon(circle))
        guard let index = locator.index(of: .grid), circleArea > 0 else { return ([], 1) }
        let geos = GEOSContext()
        let disc = try geos.geometry(circle)
        var grids: [(id: Int32, share: Double)] = []
        for (id, shape) in try shapes(index.candidates(in: circle.exterior.bounds).filter { $0 >= 0 }.sorted()) {
            let piece = try geos.intersection(disc, try geos.geometry(shape))
            let share = Geodesic.wgs84.area(geos.polygons(of: piece)) / circleArea
            if share > 1e-9 { grids.append((id, min(share, 1))) }
        }
        grids.sort { ($0.share, $1.id) > ($1.share, $0.id) }
        let inside = grids.reduce(0) { $0 + $1.share }
        return (grids, max(0, 1 - inside))
    }
}
