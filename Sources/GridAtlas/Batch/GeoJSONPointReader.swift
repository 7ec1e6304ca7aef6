import GridImport

/// Reads a GeoJSON batch: a FeatureCollection of Point features. A feature's id is its `id`,
/// else `properties.id`; `properties.at` and `properties.crs` are optional.
///
/// A feature that is not a Point (or has no geometry) is that point's problem; a document that
/// is not a FeatureCollection fails the batch.
struct GeoJSONPointReader {
    var cursor: JSONCursor
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        cursor = JSONCursor(bytes)
        cursor.skipByteOrderMark()
    }

    mutating func read(into builder: inout PointBatchBuilder) throws(BatchInputError) {
        var more: Bool
        do throws(JSONSyntaxError) { more = try openCollection() } catch { throw BatchInputError(error) }
        var sawType = false, sawFeatures = false
        while more {
            // Every member but the features is grammar alone; the features also fill the builder.
            let atFeatures: Bool
            do throws(JSONSyntaxError) { atFeatures = try readMember(sawType: &sawType) } catch { throw BatchInputError(error) }
            if atFeatures {
                try readFeatures(into: &builder)
                sawFeatures = true
            }
            do throws(JSONSyntaxError) { more = try cursor.nextMember(close: 0x7D) } catch { throw BatchInputError(error) }
        }
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw BatchInputError(cursor.error("unexpected \(JSONCursor.describe(cursor.current)) after the FeatureCollection")) }
        guard sawType else { throw BatchInputError(cursor.error("the object has no \"type\": \"FeatureCollection\"", at: 0)) }
        guard sawFeatures else { throw BatchInputError(cursor.error("the FeatureCollection has no features array", at: 0)) }
    }

    /// Steps into the top-level object; true when it has members.
    private mutating func openCollection() throws(JSONSyntaxError) -> Bool {
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            if cursor.atEnd { throw cursor.error("the body is empty: expected a GeoJSON FeatureCollection") }
            if cursor.current == 0x5B {
                throw cursor.error("expected a GeoJSON FeatureCollection, found an array (send a plain array of points as application/json)")
            }
            throw cursor.unexpected(expected: "a GeoJSON FeatureCollection ('{')")
        }
        cursor.i += 1
        return cursor.hasMembers(close: 0x7D)
    }

    /// Reads one member of the collection; true, with the cursor at its '[', for the features
    /// array, which the caller reads.
    private mutating func readMember(sawType: inout Bool) throws(JSONSyntaxError) -> Bool {
        switch try cursor.readKey(&scratch) {
        case .type:
            let at = cursor.i
            guard case .string = try cursor.readText(into: &scratch), JSONCursor.same(scratch, "FeatureCollection") else {
                cursor.skipWhitespace()
                throw cursor.error("the document's type is \(typeName(at: at)), not FeatureCollection", at: at)
            }
            sawType = true
        case .features:
            cursor.skipWhitespace()
            guard cursor.current == 0x5B && !cursor.atEnd else { throw cursor.unexpected(expected: "the features array ('[')") }
            return true
        default:
            try cursor.skipValue()
        }
        return false
    }

    /// The type name just read, for messages: `"Feature"`, or the kind of value when it was no string.
    private func typeName(at offset: Int) -> String {
        var probe = cursor
        probe.i = offset
        probe.skipWhitespace()
        guard probe.current == 0x22 else { return JSONCursor.kind(of: probe.current) }
        return PointBatchBuilder.quoted(PointBatchBuilder.shortened(String(decoding: scratch, as: UTF8.self)))
    }

    private mutating func readFeatures(into builder: inout PointBatchBuilder) throws(BatchInputError) {
        cursor.i += 1
        var more = cursor.hasMembers(close: 0x5D)
        var fields = PointFields()
        var propertyID: [UInt8] = []
        while more {
            try builder.checkRoom()
            fields.reset()
            do throws(JSONSyntaxError) { try readElement(into: &fields, propertyID: &propertyID) } catch { throw BatchInputError(error) }
            try builder.add(&fields)
            do throws(JSONSyntaxError) { more = try cursor.nextMember(close: 0x5D) } catch { throw BatchInputError(error) }
        }
    }

    /// One element of the features array: a feature, or a value that is the point's problem.
    private mutating func readElement(into fields: inout PointFields, propertyID: inout [UInt8]) throws(JSONSyntaxError) {
        cursor.skipWhitespace()
        if cursor.current == 0x7B && !cursor.atEnd {
            try readFeature(into: &fields, propertyID: &propertyID)
        } else {
            guard !cursor.atEnd else { throw cursor.unexpected(expected: "a feature") }
            let kind = JSONCursor.kind(of: cursor.current)
            try cursor.skipValue()
            fields.report("feature: \(kind) is not a Feature object")
        }
    }

    /// One feature, the cursor at its `{`.
    private mutating func readFeature(into fields: inout PointFields, propertyID: inout [UInt8]) throws(JSONSyntaxError) {
        cursor.i += 1
        var sawGeometry = false
        var propertyIDKind = PointBatch.IDKind.none
        var propertyIDRaw: UnsafeBufferPointer<UInt8>?
        if cursor.hasMembers(close: 0x7D) {
            repeat {
                switch try cursor.readKey(&scratch) {
                case .type:
                    switch try cursor.readText(&scratch, is: "Feature") {
                    case (.string, false):
                        fields.report("type: \(PointBatchBuilder.quoted(String(decoding: scratch, as: UTF8.self))) is not Feature")
                    case (.none, _): fields.report("type: null is not Feature")
                    case (.wrongKind(let kind), _): fields.report("type: \(kind) is not a string")
                    case (.string, true), (.number, _): break
                    }
                case .id:
                    fields.setID(try cursor.readID(into: &fields.id, raw: &fields.idRaw))
                case .geometry:
                    try readGeometry(into: &fields)
                    sawGeometry = true
                case .properties:
                    try readProperties(into: &fields, id: &propertyID, idRaw: &propertyIDRaw, idKind: &propertyIDKind)
                default:
                    try cursor.skipValue()
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        if !sawGeometry { fields.report("geometry: missing") }
        if fields.idKind == .none && propertyIDKind != .none {
            fields.idKind = propertyIDKind
            fields.idRaw = propertyIDRaw
            if propertyIDRaw == nil { fields.id = propertyID }
        }
    }

    private mutating func readGeometry(into fields: inout PointFields) throws(JSONSyntaxError) {
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            if cursor.matches("null") {
                cursor.i += 4
                fields.report("geometry: null, so the feature has no position")
                return
            }
            guard !cursor.atEnd else { throw cursor.unexpected(expected: "a geometry") }
            let kind = JSONCursor.kind(of: cursor.current)
            try cursor.skipValue()
            fields.report("geometry: \(kind) is not a geometry object")
            return
        }
        cursor.i += 1
        var type: String?
        var sawCoordinates = false
        if cursor.hasMembers(close: 0x7D) {
            repeat {
                switch try cursor.readKey(&scratch) {
                case .type:
                    switch try cursor.readText(&scratch, is: "Point") {
                    case (.string, true): type = "Point"
                    case (.string, false): type = String(decoding: scratch, as: UTF8.self)
                    default: type = ""
                    }
                case .coordinates:
                    cursor.skipWhitespace()
                    if cursor.current == 0x5B && !cursor.atEnd {
                        cursor.i += 1
                        try cursor.readPosition(into: &fields)
                    } else {
                        guard !cursor.atEnd else { throw cursor.unexpected(expected: "coordinates") }
                        let kind = JSONCursor.kind(of: cursor.current)
                        try cursor.skipValue()
                        fields.report("geometry: coordinates are \(kind), not [lon, lat]")
                    }
                    sawCoordinates = true
                default:
                    try cursor.skipValue()
                }
            } while try cursor.nextMember(close: 0x7D)
        }
        switch type {
        case "Point":
            if !sawCoordinates { fields.report("geometry: a Point without coordinates") }
        case nil, "":
            fields.report("geometry: no type")
        case let other?:
            fields.report("geometry: a \(PointBatchBuilder.shortened(other)) is not a Point")
        }
    }

    private mutating func readProperties(into fields: inout PointFields, id: inout [UInt8], idRaw: inout UnsafeBufferPointer<UInt8>?,
                                         idKind: inout PointBatch.IDKind) throws(JSONSyntaxError) {
        cursor.skipWhitespace()
        guard cursor.current == 0x7B && !cursor.atEnd else {
            if cursor.matches("null") {
                cursor.i += 4
                return
            }
            guard !cursor.atEnd else { throw cursor.unexpected(expected: "properties") }
            let kind = JSONCursor.kind(of: cursor.current)
            try cursor.skipValue()
            fields.report("properties: \(kind) is not an object")
            return
        }
        cursor.i += 1
        guard cursor.hasMembers(close: 0x7D) else { return }
        repeat {
            switch try cursor.readKey(&scratch) {
            case .id:
                switch try cursor.readID(into: &id, raw: &idRaw) {
                case .string: idKind = .string
                case .number: idKind = .number
                case .none: idKind = .none
                case .wrongKind(let kind):
                    idKind = .none
                    fields.report("properties.id: \(kind) is not a string or a number")
                }
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
