import GridGeometry

/// The order the codes standard numbers siblings in: west to east, north to south (DB11/T
/// 2157-2023), read like a page. Shapes are taken into rows from the north: a shape joins the
/// current row when its representative point lies within the latitude span of the row's first
/// shape; each row is then read west to east.
public enum ReadingOrder {
    /// Indices of `items` in reading order; `point` is a position on each shape (a point on its
    /// surface), `bounds` its box.
    public static func sorted(points: [LonLat], bounds: [BoundingBox]) -> [Int] {
        precondition(points.count == bounds.count)
        var remaining = points.indices.sorted { points[$0].lat > points[$1].lat }
        var order: [Int] = []
        while let first = remaining.first {
            let band = bounds[first].minLat...bounds[first].maxLat
            let row = remaining.filter { band.contains(points[$0].lat) }
            order += row.sorted { points[$0].lon < points[$1].lon }
            let taken = Set(row)
            remaining.removeAll { taken.contains($0) }
        }
        return order
    }
}
