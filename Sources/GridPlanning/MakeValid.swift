import GridDomain
import GridGeometry

/// Replaces each invalid unit by GEOS's repair of it (`GEOSMakeValid`, linework method), keeping
/// the polygonal parts: a bow-tie becomes its two triangles, a ring drawn twice becomes one.
/// Each change is noted with GEOS's reason and the area before and after, since a repair can
/// add or drop ground (a bow-tie's lobes cancel in the area as drawn).
public struct MakeValid: Sendable {
    public init() {}

    public func run(_ units: [AreaUnit]) -> RepairResult {
        let geos = GEOSContext()
        var result = RepairResult()
        for unit in units {
            guard !unit.geometry.polygons.isEmpty else {
                result.skipped.append(.init(code: unit.code, action: .skipped, message: "\(unit.code) has no polygon: nothing to repair; redraw it"))
                continue
            }
            do {
                let shape = try geos.geometry(unit.geometry)
                guard case .invalid(let reason, let location) = geos.validity(of: shape) else { continue }
                let repaired = geos.polygons(of: try geos.makeValid(shape))
                guard !repaired.polygons.isEmpty else {
                    result.skipped.append(.init(code: unit.code, action: .skipped,
                                                message: "\(unit.code): GEOS's repair of '\(reason)' leaves no area; redraw it", location: location))
                    continue
                }
                let before = Geodesic.wgs84.area(unit.geometry), after = Geodesic.wgs84.area(repaired)
                var changed = unit
                changed.geometry = repaired
                result.units.append(changed)
                result.notes.append(.init(
                    code: unit.code, action: .madeValid,
                    message: "\(unit.tier.rawValue) \(unit.code): \(reason)\(location.map { " at \($0)" } ?? "") repaired into "
                        + "\(repaired.polygons.count) polygon\(repaired.polygons.count == 1 ? "" : "s"); area as drawn \(Figures.area(before)), "
                        + "after \(Figures.area(after))",
                    areaM2: after - before, location: location))
            } catch {
                // A ring GEOS cannot even build (unclosed, under 4 points) has no shape to repair.
                result.skipped.append(.init(code: unit.code, action: .skipped,
                                            message: "\(unit.code): GEOS cannot read the shape (\(error.message)); redraw it",
                                            location: unit.geometry.polygons.first?.exterior.points.first))
            }
        }
        return result
    }
}
