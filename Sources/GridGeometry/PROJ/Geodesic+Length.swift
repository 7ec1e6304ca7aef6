extension Geodesic {
    /// Length of a line in metres: the sum of the geodesic lengths of its segments.
    public func length(_ line: [LonLat]) -> Double {
        guard line.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<line.count { total += distance(line[i - 1], line[i]) }
        return total
    }

    /// Length of every ring of a shape (exteriors and holes): the perimeter in metres.
    public func perimeter(_ shape: MultiPolygon) -> Double {
        shape.rings.reduce(0) { $0 + length($1.closed().points) }
    }
}
