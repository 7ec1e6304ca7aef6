import GridImport

/// Reads a JSON batch: a top-level array whose elements are `[lon, lat]` pairs or objects
/// `{"lon":..,"lat":..,"id":..,"crs":..,"at":..}` (`lng`, `longitude`, `x`, `latitude`, `y` too).
///
/// An element of another kind, or an object without a usable lon or lat, is that point's
/// problem; only a document that is not JSON, or not an array, fails the batch.
struct JSONPointReader {
    var cursor: JSONCursor

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        cursor = JSONCursor(bytes)
        cursor.skipByteOrderMark()
    }

    mutating func read(into builder: inout PointBatchBuilder) throws(BatchInputError) {
        var more: Bool
        do throws(JSONSyntaxError) { more = try openArray() } catch { throw BatchInputError(error) }
        var fields = PointFields()
        var scratch: [UInt8] = []
        while more {
            try builder.checkRoom()
            fields.reset()
            do throws(JSONSyntaxError) { try readPoint(into: &fields, &scratch) } catch { throw BatchInputError(error) }
            try builder.add(&fields)
            do throws(JSONSyntaxError) { more = try cursor.nextMember(close: 0x5D) } catch { throw BatchInputError(error) }
        }
        cursor.skipWhitespace()
        guard cursor.atEnd else {
            throw BatchInputError(cursor.error("unexpected \(JSONCursor.describe(cursor.current)) after the array of points"))
        }
    }

    /// Steps into the top-level array; true when it has elements.
    private mutating func openArray() throws(JSONSyntaxError) -> Bool {
        cursor.skipWhitespace()
        guard cursor.current == 0x5B && !cursor.atEnd else {
            if cursor.atEnd { throw cursor.error("the body is empty: expected a JSON array of points") }
            if cursor.current == 0x7B {
                throw cursor.error("expected a JSON array of points, found an object (send a FeatureCollection as application/geo+json)")
            }
            throw cursor.unexpected(expected: "a JSON array of points ('[')")
        }
        cursor.i += 1
        return cursor.hasMembers(close: 0x5D)
    }

    /// One element of the array: a `[lon, lat]` pair, an object, or a value that is the point's problem.
    private mutating func readPoint(into fields: inout PointFields, _ scratch: inout [UInt8]) throws(JSONSyntaxError) {
        cursor.skipWhitespace()
        switch cursor.current {
        case 0x5B:
            cursor.i += 1
            try cursor.readPosition(into: &fields)
        case 0x7B:
            try readObject(into: &fields, &scratch)
        default:
            guard !cursor.atEnd else { throw cursor.unexpected(expected: "a point") }
            let kind = JSONCursor.kind(of: cursor.current)
            try cursor.skipValue()
            fields.report("point: \(kind) is neither [lon, lat] nor an object with lon and lat")
        }
    }

    /// One `{...}` point, the cursor at its `{`.
    private mutating func readObject(into fields: inout PointFields, _ scratch: inout [UInt8]) throws(JSONSyntaxError) {
        cursor.i += 1
        guard cursor.hasMembers(close: 0x7D) else { return }
        var seenLon = false, seenLat = false
        repeat {
            switch try cursor.readKey(&scratch) {
            case .lon where !seenLon:
                fields.lon = try cursor.readCoordinate(text: &fields.lonText)
                seenLon = true
            case .lat where !seenLat:
                fields.lat = try cursor.readCoordinate(text: &fields.latText)
                seenLat = true
            case .lon:
                try cursor.skipValue()
                fields.report("lon: a second longitude for the same point (lon, lng, longitude or x)")
            case .lat:
                try cursor.skipValue()
                fields.report("lat: a second latitude for the same point (lat, latitude or y)")
            case .id:
                fields.setID(try cursor.readID(into: &fields.id, raw: &fields.idRaw))
            case .crs:
                fields.hasCRS = fields.accepts(try cursor.readText(into: &fields.crs), "crs")
            case .at:
                fields.hasAt = fields.accepts(try cursor.readText(into: &fields.at), "at")
            default:
                try cursor.skipValue()
            }
        } while try cursor.nextMember(close: 0x7D)
    }
}
