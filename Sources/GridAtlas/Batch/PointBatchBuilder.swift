import Foundation
import GridDomain
import GridGeometry

/// What a reader found for one point, before it is checked. One value is reused for every
/// point of a batch (its buffers keep their capacity), so reading allocates almost nothing.
struct PointFields {
    enum Coordinate {
        case missing
        case number(Double)
        /// A quoted value or a CSV field: its text is in `lonText`/`latText`.
        case text
        /// A value of the wrong kind, with the words for it: "null is not a number".
        case invalid(String)
    }

    var lon = Coordinate.missing
    var lat = Coordinate.missing
    var lonText: [UInt8] = []
    var latText: [UInt8] = []
    var idKind = PointBatch.IDKind.none
    /// The id's bytes in the body, when it was written without escapes; else they are in `id`.
    var idRaw: UnsafeBufferPointer<UInt8>?
    var id: [UInt8] = []
    var hasCRS = false
    var crs: [UInt8] = []
    var hasAt = false
    var at: [UInt8] = []
    /// A problem the reader saw itself (a geometry that is no Point, a key given twice); the
    /// first one found is kept.
    var problem: String?

    mutating func reset() {
        lon = .missing
        lat = .missing
        idKind = .none
        idRaw = nil
        hasCRS = false
        hasAt = false
        problem = nil
    }

    mutating func report(_ message: String) {
        if problem == nil { problem = message }
    }
}

/// Checks each point a reader found and appends it to a ``PointBatch``: numbers finite, CRS
/// names known, moments readable, the count within the limit. Shared by the three readers so
/// that a point gets the same message whatever format it came in.
struct PointBatchBuilder {
    private(set) var batch = PointBatch()
    let maxPoints: Int
    private var crsByText: [String: Int32] = [:]
    private var momentByText: [String: Int32] = [:]
    /// The last moment text seen and its index: points of one batch often share their `at`.
    private var lastAt: (text: [UInt8], index: Int32)?

    init(maxPoints: Int, expected: Int) {
        self.maxPoints = maxPoints
        batch.positions.reserveCapacity(expected)
        batch.idKinds.reserveCapacity(expected)
        batch.idEnds.reserveCapacity(expected)
    }

    /// The points added so far.
    var count: Int { batch.positions.count }

    /// Fails once the batch would hold more than `maxPoints`, before reading further.
    @inline(__always)
    func checkRoom() throws(BatchInputError) {
        guard batch.positions.count < maxPoints else { throw .tooManyPoints(limit: maxPoints) }
    }

    mutating func add(_ fields: inout PointFields) throws(BatchInputError) {
        try checkRoom()
        let index = batch.positions.count
        var problem = fields.problem
        let lon = Self.value(fields.lon, text: fields.lonText, name: "lon", problem: &problem)
        let lat = Self.value(fields.lat, text: fields.latText, name: "lat", problem: &problem)

        batch.idKinds.append(fields.idKind)
        if fields.idKind != .none {
            if let raw = fields.idRaw { batch.idBytes.append(contentsOf: raw) } else { batch.idBytes.append(contentsOf: fields.id) }
        }
        batch.idEnds.append(UInt32(truncatingIfNeeded: batch.idBytes.count))

        if fields.hasCRS {
            let text = String(decoding: fields.crs, as: UTF8.self)
            if let known = crsByText[text] {
                setCRS(known, at: index)
            } else {
                do {
                    let crs = try CRS(parsing: text)
                    let slot = Int32(batch.crsTable.firstIndex(of: crs) ?? batch.crsTable.count)
                    if Int(slot) == batch.crsTable.count { batch.crsTable.append(crs) }
                    crsByText[text] = slot
                    setCRS(slot, at: index)
                } catch {
                    if problem == nil { problem = "crs: \(error)" }
                }
            }
        }
        if fields.hasAt {
            if let last = lastAt, last.text == fields.at {
                setMoment(last.index, at: index)
            } else {
                let text = String(decoding: fields.at, as: UTF8.self)
                var slot = momentByText[text]
                if slot == nil, let moment = Dates.parse(text) {
                    slot = Int32(batch.moments.count)
                    batch.moments.append(moment)
                    momentByText[text] = slot
                }
                if let slot {
                    setMoment(slot, at: index)
                    lastAt = (fields.at, slot)
                } else if problem == nil {
                    problem = "at: " + Dates.Invalid(text: Self.shortened(text)).description
                }
            }
        }
        if let problem {
            batch.positions.append(LonLat(.nan, .nan))
            batch.problems[index] = problem
        } else {
            batch.positions.append(LonLat(lon, lat))
        }
    }

    /// Where the point just added was read from, for answers that echo it: its record's bytes
    /// (as a range of the bytes read), the fields it lacks against the header, and its line.
    mutating func addRecord(_ record: Range<Int>, missingFields: Int, line: Int) {
        batch.recordStarts.append(record.lowerBound)
        batch.recordEnds.append(record.upperBound)
        batch.recordLines.append(line)
        if missingFields > 0 { batch.missingFields[batch.recordLines.count - 1] = missingFields }
    }

    private mutating func setCRS(_ slot: Int32, at index: Int) {
        if batch.crsIndex.isEmpty { batch.crsIndex = [Int32](repeating: -1, count: index) }
        while batch.crsIndex.count < index { batch.crsIndex.append(-1) }
        batch.crsIndex.append(slot)
    }

    private mutating func setMoment(_ slot: Int32, at index: Int) {
        if batch.momentIndex.isEmpty { batch.momentIndex = [Int32](repeating: -1, count: index) }
        while batch.momentIndex.count < index { batch.momentIndex.append(-1) }
        batch.momentIndex.append(slot)
    }

    /// Pads the per-point index columns to the full count once reading is done.
    mutating func finish() -> PointBatch {
        let n = batch.positions.count
        if !batch.crsIndex.isEmpty { while batch.crsIndex.count < n { batch.crsIndex.append(-1) } }
        if !batch.momentIndex.isEmpty { while batch.momentIndex.count < n { batch.momentIndex.append(-1) } }
        return batch
    }

    /// A coordinate as a finite number, or NaN with the problem set (the first problem wins).
    @inline(__always)
    private static func value(_ coordinate: PointFields.Coordinate, text: borrowing [UInt8], name: StaticString, problem: inout String?) -> Double {
        switch coordinate {
        case .number(let value):
            if value.isFinite { return value }
            if problem == nil { problem = "\(name): the number is too large to be finite" }
        case .missing:
            if problem == nil { problem = "\(name): missing" }
        case .invalid(let words):
            if problem == nil { problem = "\(name): \(words)" }
        case .text:
            let text = copy text  // the rare path: quoted numbers and CSV fields
            let value = text.withUnsafeBufferPointer { JSONNumber.parse(text: $0) }
            if let value, value.isFinite { return value }
            if problem == nil {
                let shown = shortened(text)
                let word = shown.trimmingCharacters(in: .whitespaces).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
                if value != nil || ["nan", "inf", "infinity"].contains(word) {
                    problem = "\(name): \(quoted(shown)) is not a finite number"
                } else {
                    problem = "\(name): \(quoted(shown)) is not a number"
                }
            }
        }
        return .nan
    }

    /// At most 40 characters of a caller's text, for messages.
    static func shortened(_ text: String) -> String {
        text.count <= 40 ? text : String(text.prefix(40)) + "…"
    }

    /// The same of a text given as bytes. Only its first bytes are decoded, so a field of
    /// megabytes costs no more than a short one (40 characters take at most 160 bytes).
    static func shortened(_ bytes: [UInt8]) -> String {
        guard bytes.count > 400 else { return shortened(String(decoding: bytes, as: UTF8.self)) }
        return String(String(decoding: bytes[..<400], as: UTF8.self).prefix(40)) + "…"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
