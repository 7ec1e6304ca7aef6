extension MultiPolygon {
    /// A point inside the shape where a map can write its name: on the horizontal line through
    /// the middle of the largest polygon's box, at the centre of the widest stretch of that line
    /// lying inside the polygon (holes excluded). GEOS's interior point works the same way; this
    /// one runs in pure Swift per tile, with no handle.
    ///
    /// Falls back to the box centre for a shape with no area.
    public var labelPoint: LonLat {
        guard let polygon = polygons.max(by: { abs($0.exterior.signedDoubleArea) < abs($1.exterior.signedDoubleArea) }) else {
            return LonLat(0, 0)
        }
        let box = polygon.exterior.bounds
        let y = (box.minLat + box.maxLat) / 2
        var crossings: [Double] = []
        for ring in polygon.rings {
            let points = ring.points
            // Modulo closes rings stored open; for closed ones the extra edge has no length.
            for i in points.indices {
                let a = points[i], b = points[(i + 1) % points.count]
                // Half-open test: a vertex exactly on the line is counted once.
                if (a.lat <= y) != (b.lat <= y) {
                    crossings.append(a.lon + (y - a.lat) / (b.lat - a.lat) * (b.lon - a.lon))
                }
            }
        }
        crossings.sort()
        var best: (width: Double, x: Double)?
        var i = 0
        while i + 1 < crossings.count {
            let width = crossings[i + 1] - crossings[i]
            if width > (best?.width ?? 0) { best = (width, (crossings[i] + crossings[i + 1]) / 2) }
            i += 2
        }
        return LonLat(best?.x ?? (box.minLon + box.maxLon) / 2, y)
    }
}
