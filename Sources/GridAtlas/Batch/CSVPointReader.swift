import Foundation

/// Reads a CSV batch (RFC 4180: commas, double-quoted fields with doubled quotes inside, CRLF
/// or LF). The header names the columns: `lon`/`lng`/`longitude`/`x` and `lat`/`latitude`/`y`
/// are required, `id`, `at` and `crs` optional, any other column ignored.
///
/// Works on byte ranges rather than ``CSVTable``'s strings: only the fields a point needs are
/// copied, which matters at a million rows. Messages name the line a text editor shows.
///
/// One reader serves both a request body, read whole (``read(into:)``), and a file read chunk
/// by chunk (``readHeader()`` once, then ``readRecords(_:into:limit:)`` per chunk). While
/// `isFinal` is false more of the file follows `bytes`, so a record that runs to their end is
/// left for the next chunk rather than taken as cut short: chunks are cut at record
/// boundaries, quoted line breaks included, without a second pass over the bytes.
struct CSVPointReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// False when more of the file follows `bytes`.
    let isFinal: Bool
    /// Whether each point keeps where its record lies in `bytes` and its line, for answers that
    /// echo the record (``BatchCSVWriter``'s pass-through form). Records are then checked to be
    /// UTF-8 whole, since every byte of them is written back.
    let keepsRecords: Bool
    private var i = 0
    private var line: Int
    /// The current record: where each field starts and ends, and whether it holds doubled quotes.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var doubled: [Bool] = []
    /// How many entries of `starts`, `ends` and `doubled` belong to the current record (the
    /// arrays keep their length from record to record: clearing them per row costs more than
    /// reading the row).
    private var fieldCount = 0
    private var recordLine = 1
    /// The current record's bytes, without its line end.
    private var recordStart = 0
    private var recordEnd = 0

    /// - Parameter line: the line `bytes` start on (a chunk after the first starts further on).
    init(_ bytes: UnsafeBufferPointer<UInt8>, line: Int = 1, isFinal: Bool = true, keepsRecords: Bool = false) {
        self.bytes = bytes
        self.line = line
        self.isFinal = isFinal
        self.keepsRecords = keepsRecords
        if line == 1 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    /// Where reading stopped: the first byte of the first record not read.
    var offset: Int { i }
    /// The line `offset` is on.
    var nextLine: Int { line }

    /// A request body: the header, then every record.
    mutating func read(into builder: inout PointBatchBuilder) throws(BatchInputError) {
        guard let header = try readHeader() else { throw .malformedCSV(line: 1, reason: "the body is empty: a header line is required") }
        try readRecords(header, into: &builder)
    }

    /// The header record, or nil when it is not all in `bytes` yet (`isFinal` false).
    mutating func readHeader() throws(BatchInputError) -> CSVHeader? {
        guard try nextRecord() else {
            guard isFinal else { return nil }
            throw .malformedCSV(line: 1, reason: "the body is empty: a header line is required")
        }
        if keepsRecords { try checkUTF8(UnsafeBufferPointer(rebasing: bytes[recordStart..<recordEnd])) }
        let names = (0..<fieldCount).map { k in
            String(decoding: field(k), as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let lon = ["lon", "lng", "longitude", "x"].lazy.compactMap({ names.firstIndex(of: $0) }).first,
              let lat = ["lat", "latitude", "y"].lazy.compactMap({ names.firstIndex(of: $0) }).first else {
            throw .malformedCSV(line: recordLine, reason: "the header needs a longitude column (lon, lng, longitude or x) and a latitude column (lat, latitude or y)")
        }
        return CSVHeader(lon: lon, lat: lat, id: names.firstIndex(of: "id"), at: names.firstIndex(of: "at"),
                         crs: names.firstIndex(of: "crs"), fieldCount: names.count, text: Array(bytes[recordStart..<recordEnd]))
    }

    /// Reads records until the end of `bytes` (while more follow, the end of the last whole
    /// record in them) or until the builder holds `limit` points.
    mutating func readRecords(_ header: CSVHeader, into builder: inout PointBatchBuilder, limit: Int = .max) throws(BatchInputError) {
        var fields = PointFields()
        while builder.count < limit, try nextRecord() {
            try builder.checkRoom()
            fields.reset()
            var echoed = recordStart..<recordEnd
            if keepsRecords { try checkUTF8(UnsafeBufferPointer(rebasing: bytes[echoed])) }
            if fieldCount != header.fieldCount {
                // Echoed answers name the line in front of every message; a body's name it here.
                let lineNote = keepsRecords ? "" : " (line \(recordLine))"
                fields.report("row: \(fieldCount) fields, but the header has \(header.fieldCount)\(lineNote)")
                // Fields beyond the header's are not echoed, so that answers stay in their columns.
                if fieldCount > header.fieldCount { echoed = recordStart..<rawEnd(of: header.fieldCount - 1) }
            } else {
                try take(header, into: &fields)
            }
            try builder.add(&fields)
            if keepsRecords {
                builder.addRecord(echoed, missingFields: max(0, header.fieldCount - fieldCount), line: recordLine)
            }
        }
    }

    private func take(_ header: CSVHeader, into fields: inout PointFields) throws(BatchInputError) {
        fields.lon = coordinate(header.lon, text: &fields.lonText)
        fields.lat = coordinate(header.lat, text: &fields.latText)
        if let column = header.id, ends[column] > starts[column] {
            fields.idKind = .string
            if doubled[column] {
                copy(column, into: &fields.id)
            } else {
                fields.idRaw = UnsafeBufferPointer(rebasing: bytes[starts[column]..<ends[column]])
            }
            try checkUTF8(fields.idRaw ?? UnsafeBufferPointer(rebasing: bytes[starts[column]..<ends[column]]))
        }
        if let column = header.at {
            copy(column, into: &fields.at)
            fields.hasAt = !fields.at.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            try fields.at.withUnsafeBufferPointer { (text) throws(BatchInputError) in try checkUTF8(text) }
        }
        if let column = header.crs {
            copy(column, into: &fields.crs)
            fields.hasCRS = !fields.crs.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            try fields.crs.withUnsafeBufferPointer { (text) throws(BatchInputError) in try checkUTF8(text) }
        }
    }

    /// A longitude or latitude field: read in place when it is a plain number, else its text
    /// goes to `text` for the builder to read and, if need be, name in a message.
    @inline(__always)
    private func coordinate(_ k: Int, text: inout [UInt8]) -> PointFields.Coordinate {
        guard ends[k] > starts[k] else { return .missing }
        if !doubled[k], let value = JSONNumber.parse(text: UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]])) {
            return .number(value)
        }
        copy(k, into: &text)
        return .text
    }

    private func checkUTF8(_ text: UnsafeBufferPointer<UInt8>) throws(BatchInputError) {
        guard text.contains(where: { $0 >= 0x80 }), String(validating: text, as: UTF8.self) == nil else { return }
        throw .malformedCSV(line: recordLine, reason: "the text is not UTF-8")
    }

    /// The raw bytes of field `k` of the current record (doubled quotes still doubled).
    private func field(_ k: Int) -> [UInt8] {
        var out: [UInt8] = []
        copy(k, into: &out)
        return out
    }

    /// Where field `k` of the current record ends in `bytes`, its closing quote included.
    private func rawEnd(of k: Int) -> Int {
        let quoted = starts[k] > 0 && bytes[starts[k] - 1] == 0x22
        return ends[k] + (quoted ? 1 : 0)
    }

    /// Field `k` of the current record into `out`, with doubled quotes made single.
    private func copy(_ k: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        let range = UnsafeBufferPointer(rebasing: bytes[starts[k]..<ends[k]])
        guard doubled[k] else {
            out.append(contentsOf: range)
            return
        }
        var j = 0
        while j < range.count {
            out.append(range[j])
            j += range[j] == 0x22 ? 2 : 1
        }
    }

    private mutating func addField(_ start: Int, _ end: Int, _ hasDoubled: Bool) {
        if fieldCount < starts.count {
            starts[fieldCount] = start
            ends[fieldCount] = end
            doubled[fieldCount] = hasDoubled
        } else {
            starts.append(start)
            ends.append(end)
            doubled.append(hasDoubled)
        }
        fieldCount += 1
    }

    /// Splits the next non-empty record into fields; false at the end of the body, or, while
    /// more bytes follow, at a record that runs to the end of these (left unread).
    private mutating func nextRecord() throws(BatchInputError) -> Bool {
        let n = bytes.count
        while i < n {
            fieldCount = 0
            recordLine = line
            recordStart = i
            var endOfRecord = false
            while !endOfRecord {
                if i < n && bytes[i] == 0x22 {
                    i += 1
                    let start = i
                    var hasDoubled = false
                    while true {
                        guard i < n else {
                            guard isFinal else { return leaveRecord() }
                            throw .malformedCSV(line: recordLine, reason: "a quoted field is never closed")
                        }
                        let b = bytes[i]
                        if b == 0x22 {
                            if i + 1 < n && bytes[i + 1] == 0x22 {
                                hasDoubled = true
                                i += 2
                                continue
                            }
                            // A quote that ends these bytes may be the first of a doubled pair.
                            if i + 1 == n && !isFinal { return leaveRecord() }
                            break
                        }
                        if b == 0x0A { line += 1 }
                        i += 1
                    }
                    addField(start, i, hasDoubled)
                    i += 1  // the closing quote
                    if i < n && bytes[i] != 0x2C && bytes[i] != 0x0A && bytes[i] != 0x0D {
                        throw .malformedCSV(line: line, reason: "text after the closing quote of a field (quote the whole field and double the quotes inside)")
                    }
                } else {
                    let start = i
                    while i < n {
                        let b = bytes[i]
                        if b == 0x2C || b == 0x0A || b == 0x0D { break }
                        if b == 0x22 {
                            throw .malformedCSV(line: line, reason: "a double quote inside an unquoted field (quote the whole field and double the quote)")
                        }
                        i += 1
                    }
                    addField(start, i, false)
                }
                recordEnd = i
                if i < n && bytes[i] == 0x2C {
                    i += 1
                } else {
                    // The record's end must be seen: a CR last may be the first half of a CRLF.
                    if !isFinal && (i == n || (bytes[i] == 0x0D && i + 1 == n)) { return leaveRecord() }
                    if i < n && bytes[i] == 0x0D { i += 1 }
                    if i < n && bytes[i] == 0x0A { i += 1 }
                    line += 1
                    endOfRecord = true
                }
            }
            // A blank line is no record.
            if fieldCount == 1 && ends[0] == starts[0] && !(starts[0] > 0 && bytes[starts[0] - 1] == 0x22) { continue }
            return true
        }
        return false
    }

    /// Steps back to the start of a record cut by the end of the bytes, for the next chunk.
    private mutating func leaveRecord() -> Bool {
        i = recordStart
        line = recordLine
        return false
    }
}

/// A CSV batch's header: where the columns a point needs are, and how many fields a record has.
struct CSVHeader: Sendable {
    var lon: Int, lat: Int, id: Int?, at: Int?, crs: Int?
    var fieldCount: Int
    /// The header record as written, without a byte-order mark or line end.
    var text: [UInt8]
}
