import Foundation
import GridDomain
import GridGeometry

/// Slivers and spikes of one unit, from its vertices alone (no GEOS): both are warnings, since a
/// thin strip or a sharp corner can be real (a road verge, a river bend) but is usually a slip.
struct ShapeCheck {
    let tolerances: TopologyTolerances
    /// At most this many spikes are reported per unit; the last one says how many there were.
    static let spikesPerUnit = 5

    func problems(of unit: AreaUnit) -> [TopologyProblem] {
        slivers(of: unit) + spikes(of: unit)
    }

    /// Each polygon part below the sliver area or mean width is a sliver: a whole unit when it
    /// has one part, or the stray part of a multi-part unit.
    func slivers(of unit: AreaUnit) -> [TopologyProblem] {
        let frame = LocalFrame(around: unit.geometry.bounds)
        var out: [TopologyProblem] = []
        let parts = unit.geometry.polygons
        for (k, polygon) in parts.enumerated() {
            let measure = PlanarMeasure(polygon, frame: frame)
            let small = measure.areaM2 < tolerances.sliverAreaM2
            let thin = measure.meanWidthM < tolerances.sliverWidthM
            guard small || thin else { continue }
            let part = MultiPolygon(polygon)
            let area = Geodesic.wgs84.area(part)
            let what = parts.count == 1 ? "the unit" : "part \(k + 1) of \(parts.count)"
            var reasons: [String] = []
            if small { reasons.append("area \(Figures.area(area)) below \(Figures.area(tolerances.sliverAreaM2))") }
            if thin { reasons.append("mean width \(Figures.metres(measure.meanWidthM)) below \(Figures.metres(tolerances.sliverWidthM))") }
            out.append(TopologyProblem(
                kind: .sliver, severity: .warning, tier: unit.tier, codes: [unit.code], areaM2: area,
                widthM: measure.meanWidthM, location: Self.inside(polygon), geometry: .areas(part),
                message: "\(unit.tier.rawValue) \(unit.code): \(what) is a sliver (\(reasons.joined(separator: ", ")))"))
        }
        return out
    }

    /// Vertices whose two edges meet at less than the spike angle, measured in metres so that a
    /// degree means the same at any latitude. Repeated vertices are skipped, not counted as edges.
    func spikes(of unit: AreaUnit) -> [TopologyProblem] {
        guard tolerances.spikeAngleDegrees > 0 else { return [] }
        let frame = LocalFrame(around: unit.geometry.bounds)
        var found: [(vertex: LonLat, angle: Double, ring: String)] = []
        for (p, polygon) in unit.geometry.polygons.enumerated() {
            for (r, ring) in polygon.rings.enumerated() {
                let name = (r == 0 ? "outer ring" : "hole \(r)") + (unit.geometry.polygons.count > 1 ? " of part \(p + 1)" : "")
                for (vertex, angle) in Self.sharpVertices(ring, frame: frame, below: tolerances.spikeAngleDegrees) {
                    found.append((vertex, angle, name))
                }
            }
        }
        return found.prefix(Self.spikesPerUnit).enumerated().map { k, spike in
            let more = k == Self.spikesPerUnit - 1 && found.count > Self.spikesPerUnit
                ? " (\(found.count) spikes in this unit, \(Self.spikesPerUnit) listed)" : ""
            return TopologyProblem(
                kind: .spike, severity: .warning, tier: unit.tier, codes: [unit.code], location: spike.vertex,
                geometry: .points([spike.vertex]),
                message: "\(unit.tier.rawValue) \(unit.code): spike at \(spike.vertex) on the \(spike.ring), "
                    + "edges meet at \(Figures.trimmed(spike.angle, 3))° (below \(Figures.trimmed(tolerances.spikeAngleDegrees, 3))°)\(more)")
        }
    }

    /// The vertices of a ring where the angle between the edge in and the edge out is below `limit` degrees.
    static func sharpVertices(_ ring: Ring, frame: LocalFrame, below limit: Double) -> [(LonLat, Double)] {
        var points: [LonLat] = []
        for p in ring.points where points.last != p { points.append(p) }
        if points.count > 1, points.first == points.last { points.removeLast() }
        let n = points.count
        guard n >= 3 else { return [] }
        let metres = points.map(frame.metres)
        var out: [(LonLat, Double)] = []
        for i in 0..<n {
            let v = metres[i], a = metres[(i + n - 1) % n], b = metres[(i + 1) % n]
            let ux = a.lon - v.lon, uy = a.lat - v.lat, wx = b.lon - v.lon, wy = b.lat - v.lat
            let angle = atan2(abs(ux * wy - uy * wx), ux * wx + uy * wy) * 180 / .pi
            if angle < limit { out.append((points[i], angle)) }
        }
        return out
    }

    /// A point inside a polygon without GEOS, for locating a sliver: the middle of the widest
    /// stretch of a horizontal line through the polygon's middle (what GEOS's point on surface
    /// does too), or the first vertex when the line finds nothing.
    static func inside(_ polygon: Polygon) -> LonLat {
        let box = polygon.exterior.bounds
        let y = (box.minLat + box.maxLat) / 2
        var xs: [Double] = []
        for ring in polygon.rings {
            let pts = ring.points
            for k in 0..<max(pts.count - 1, 0) {
                let a = pts[k], b = pts[k + 1]
                if (a.lat > y) != (b.lat > y) {
                    xs.append(a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat))
                }
            }
        }
        xs.sort()
        var best: (width: Double, x: Double)?
        var k = 0
        while k + 1 < xs.count {
            let width = xs[k + 1] - xs[k]
            if width > (best?.width ?? -1) { best = (width, (xs[k] + xs[k + 1]) / 2) }
            k += 2
        }
        guard let best else { return polygon.exterior.points.first ?? LonLat(0, 0) }
        return LonLat(best.x, y)
    }
}
