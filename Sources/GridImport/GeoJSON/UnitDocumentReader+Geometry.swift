import GridDomain
import GridGeometry

/// A feature's geometry: Polygon or MultiPolygon coordinates read straight into rings, every
/// vertex range-checked and converted as it is read, with the tree reader's paths and messages
/// (`geometry.coordinates[1][0][3]`: a position must be [x, y] numbers, got ...).
extension UnitDocumentReader {
    enum GeometryType: Equatable {
        /// No `type`, or one that is not a string.
        case missing
        case polygon
        case multiPolygon
        case other(String)
    }

    /// The geometry object at the cursor, or nil with `problems` saying why (their `code` is
    /// filled in by the feature, whose properties may come later in the file).
    mutating func readGeometry(at: String, converter: CoordinateConverter,
                               problems: inout [ImportProblem]) throws(JSONSyntaxError) -> MultiPolygon? {
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            try cursor.skipValue(depth: 3)
            problems.append(settings.problem(at, "geometry", "required: a Polygon or MultiPolygon"))
            return nil
        }
        cursor.i += 1
        var type = GeometryType.missing
        var coordinates: Int?
        // Coordinates read while the type was already known: kept if neither changes after.
        var early: (type: GeometryType, offset: Int, shape: MultiPolygon?, problems: [ImportProblem])?
        if cursor.hasMembers(close: 0x7D) {
            repeat {
                switch try readKey() {
                case "type":
                    type = try readGeometryType()
                case "coordinates":
                    cursor.skipWhitespace()
                    let start = cursor.i
                    coordinates = start
                    if type == .polygon || type == .multiPolygon {
                        var found: [ImportProblem] = []
                        let shape = try readCoordinates(type, at: at, converter: converter, problems: &found)
                        early = (type, start, shape, found)
                    } else {
                        try cursor.skipValue(depth: 4)
                    }
                default:
                    try cursor.skipValue(depth: 4)
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        switch type {
        case .missing:
            problems.append(settings.problem(at, "geometry", "required: a Polygon or MultiPolygon"))
            return nil
        case .other(let name):
            problems.append(settings.problem(at, "geometry.type", "\(name) is not areal: units must be Polygon or MultiPolygon"))
            return nil
        case .polygon, .multiPolygon:
            if let early, early.type == type, early.offset == coordinates {
                problems += early.problems
                return early.shape
            }
            guard let coordinates else { return readAbsentCoordinates(type, at: at, problems: &problems) }
            // The coordinates came before the type: read them again, now that it is known.
            let resume = cursor.i
            cursor.i = coordinates
            defer { cursor.i = resume }
            return try readCoordinates(type, at: at, converter: converter, problems: &problems)
        }
    }

    private mutating func readGeometryType() throws(JSONSyntaxError) -> GeometryType {
        cursor.skipWhitespace()
        guard cursor.current == 0x22 else {
            try cursor.skipValue(depth: 4)
            return .missing
        }
        try readString()
        if scratch.elementsEqual("Polygon".utf8) { return .polygon }
        if scratch.elementsEqual("MultiPolygon".utf8) { return .multiPolygon }
        return .other(String(decoding: scratch, as: UTF8.self))
    }

    /// An areal type without coordinates: what the tree reader said of a missing array.
    private func readAbsentCoordinates(_ type: GeometryType, at: String, problems: inout [ImportProblem]) -> MultiPolygon? {
        if type == .polygon {
            problems.append(settings.problem(at, "geometry.coordinates", "a polygon needs an array of rings"))
        } else {
            problems.append(settings.problem(at, "geometry.coordinates", "a MultiPolygon needs an array of polygons"))
        }
        return nil
    }

    /// The coordinates array at the cursor, as `type`'s polygons.
    private mutating func readCoordinates(_ type: GeometryType, at: String, converter: CoordinateConverter,
                                          problems: inout [ImportProblem]) throws(JSONSyntaxError) -> MultiPolygon? {
        let before = problems.count
        if type == .polygon {
            let polygon = try readPolygon(path: "geometry.coordinates", depth: 4, at: at, converter: converter, problems: &problems)
            return polygon.map { MultiPolygon($0) }
        }
        cursor.skipWhitespace()
        guard cursor.current == 0x5B && !cursor.atEnd else {
            try cursor.skipValue(depth: 4)
            return readAbsentCoordinates(type, at: at, problems: &problems)
        }
        cursor.i += 1
        guard cursor.hasMembers(close: 0x5D) else { return readAbsentCoordinates(type, at: at, problems: &problems) }
        var polygons: [Polygon] = []
        var k = 0
        repeat {
            if let polygon = try readPolygon(path: "geometry.coordinates[\(k)]", depth: 5, at: at, converter: converter, problems: &problems) {
                polygons.append(polygon)
            }
            k += 1
        } while try cursor.nextMember(close: 0x5D)
        return problems.count == before ? MultiPolygon(polygons) : nil
    }

    /// One polygon's array of rings, itself inside `depth` containers (the document's nesting is
    /// held to 512 as a whole, as Foundation held it); after its first problem the rest is only
    /// stepped over.
    private mutating func readPolygon(path: String, depth: Int, at: String, converter: CoordinateConverter,
                                      problems: inout [ImportProblem]) throws(JSONSyntaxError) -> Polygon? {
        cursor.skipWhitespace()
        guard cursor.current == 0x5B && !cursor.atEnd else {
            try cursor.skipValue(depth: depth)
            problems.append(settings.problem(at, path, "a polygon needs an array of rings"))
            return nil
        }
        cursor.i += 1
        guard cursor.hasMembers(close: 0x5D) else {
            problems.append(settings.problem(at, path, "a polygon needs an array of rings"))
            return nil
        }
        var rings: [Ring] = []
        var failed = false
        var r = 0
        repeat {
            cursor.skipWhitespace()
            if failed {
                try cursor.skipValue(depth: depth + 1)
            } else if cursor.current != 0x5B || cursor.atEnd {
                try cursor.skipValue(depth: depth + 1)
                problems.append(settings.problem(at, "\(path)[\(r)]", "a ring must be an array of positions"))
                failed = true
            } else if let ring = try readRing(path: "\(path)[\(r)]", depth: depth + 1, at: at, converter: converter, problems: &problems) {
                rings.append(ring)
            } else {
                failed = true
            }
            r += 1
        } while try cursor.nextMember(close: 0x5D)
        guard !failed else { return nil }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }
}

/// Rings and positions.
extension UnitDocumentReader {
    /// One ring's positions (the cursor at its `[`), each range-checked and converted as it is
    /// read; nil after the first problem, the rest only stepped over.
    private mutating func readRing(path: String, depth: Int, at: String, converter: CoordinateConverter,
                                   problems: inout [ImportProblem]) throws(JSONSyntaxError) -> Ring? {
        cursor.i += 1
        ring.removeAll(keepingCapacity: true)
        let geographic = converter.crs.isGeographicDegrees
        var first = (x: 0.0, y: 0.0), last = (x: 0.0, y: 0.0)
        var failed = false
        if cursor.hasMembers(close: 0x5D) {
            var k = 0
            repeat {
                cursor.skipWhitespace()
                let start = cursor.i
                if failed {
                    try cursor.skipValue(depth: depth + 1)
                } else if let position = try readPosition(depth: depth + 1) {
                    let (x, y) = position
                    if k == 0 { first = (x, y) }
                    last = (x, y)
                    let input = LonLat(x, y)
                    if geographic && !input.isInRange {
                        problems.append(settings.problem(at, "\(path)[\(k)]",
                            "coordinate out of range: (\(x), \(y)) is not a longitude in [-180, 180] and latitude in [-90, 90]"))
                        failed = true
                    } else {
                        do { ring.append(try converter.toWGS84(input)) } catch {
                            problems.append(settings.problem(at, "\(path)[\(k)]", "cannot convert (\(x), \(y)) from \(converter.crs): \(error.description)"))
                            failed = true
                        }
                    }
                } else {
                    let shown = FoundationJSON.shown(UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.i]))
                    problems.append(settings.problem(at, "\(path)[\(k)]", "a position must be [x, y] numbers, got \(shown)"))
                    failed = true
                }
                k += 1
            } while try cursor.nextMember(close: 0x5D)
        }
        guard !failed else { return nil }
        guard ring.count >= 4 else {
            problems.append(settings.problem(at, path, "a ring needs at least 4 positions, got \(ring.count)"))
            return nil
        }
        guard first.x == last.x && first.y == last.y else {
            problems.append(settings.problem(at, path, "the ring is not closed: its last position must repeat the first"))
            return nil
        }
        // Conversion of the same input gives the same output, but keep the ring closed to the bit.
        ring[ring.count - 1] = ring[0]
        // A copy of exactly its size: the reused buffer has grown for the largest ring so far.
        return Ring(ring.withUnsafeBufferPointer { Array($0) })
    }

    /// `[x, y, ...]` at the cursor: the first two numbers (anything after them is checked and
    /// ignored), or nil, the whole value stepped over, when it is not such an array.
    private mutating func readPosition(depth: Int) throws(JSONSyntaxError) -> (Double, Double)? {
        guard cursor.current == 0x5B && !cursor.atEnd else {
            try cursor.skipValue(depth: depth)
            return nil
        }
        cursor.i += 1
        guard cursor.hasMembers(close: 0x5D) else { return nil }
        var values = (0.0, 0.0)
        for slot in 0..<2 {
            if slot == 1 {
                guard try cursor.nextMember(close: 0x5D) else { return nil }
            }
            guard let value = try readCoordinate(depth: depth + 1) else {
                while try cursor.nextMember(close: 0x5D) { try cursor.skipValue(depth: depth + 1) }
                return nil
            }
            if slot == 0 { values.0 = value } else { values.1 = value }
        }
        while try cursor.nextMember(close: 0x5D) { try cursor.skipValue(depth: depth + 1) }
        return values
    }

    /// A number at the cursor, or nil (the value stepped over) for any other value.
    ///
    /// The value is the correctly rounded one (``JSONNumber``'s, the same `Double(String)` and
    /// GEOS give). Foundation's JSONSerialization, which an earlier reader used, sends numbers of
    /// more than 17 digits through `Decimal` and can land an ulp off (`113.10653541800001` read
    /// as 113.106535418): enough to move a shared vertex off the line GEOS sees, so that a report
    /// exactly on that edge went to the other grid (14 of data/real/chancheng's edge positions).
    /// Only a zero asks Foundation, so that `-0` written as an integer stays 0 as it always was.
    @inline(__always)
    private mutating func readCoordinate(depth: Int) throws(JSONSyntaxError) -> Double? {
        cursor.skipWhitespace()
        let b = cursor.current
        guard b == 0x2D || (b >= 0x30 && b <= 0x39) else {
            try cursor.skipValue(depth: depth)
            return nil
        }
        let start = cursor.i
        let value = try cursor.readNumber()
        if value == 0 {
            return FoundationJSON.number(UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.i])) ?? value
        }
        return value
    }
}
