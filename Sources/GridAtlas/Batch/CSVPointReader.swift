import Foundation

/// Reads a CSV batch (RFC 4180: commas, double-quoted fields with doubled quotes inside, CRLF
/// or LF). The header names the columns: `lon`/`lng`/`longitude`/`x` and `lat`/`latitude`/`y`
/// are required, `id`, `at` and `crs` optional, any other column ignored.
///
/// Works on byte ranges rather than ``CSVTable``'s strings: only the fields a point needs are
/// copied, which matters at a million rows. Messages name the line a text editor shows.
struct CSVPointReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var line = 1
    /// The current record: where each field starts and ends, and whether it holds doubled quotes.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var doubled: [Bool] = []
    /// How many entries of `starts`, `ends` and `doubled` belong to the current record (the
    /// arrays keep their length from record to record: clearing them per row costs more than
    /// reading the row).
    private var fieldCount = 0
    private var recordLine = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    struct Columns {
        var lon: Int, lat: Int, id: Int?, at: Int?, crs: Int?
    }

    mutating func read(into builder: inout PointBatchBuilder) throws(BatchInputError) {
        guard try nextRecord() else { throw .malformedCSV(line: 1, reason: "the body is empty: a header line is required") }
        let header = (0..<fieldCount).map { k in
            String(decoding: field(k), as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let lon = ["lon", "lng", "longitude", "x"].lazy.compactMap({ header.firstIndex(of: $0) }).first,
              let lat = ["lat", "latitude", "y"].lazy.compactMap({ header.firstIndex(of: $0) }).first else {
            throw .malformedCSV(line: recordLine, reason: "the header needs a longitude column (lon, lng, longitude or x) and a latitude column (lat, latitude or y)")
        }
        let columns = Columns(lon: lon, lat: lat, id: header.firstIndex(of: "id"), at: header.firstIndex(of: "at"),
                              crs: header.firstIndex(of: "crs"))
        var fields = PointFields()
        while try nextRecord() {
            try builder.checkRoom()
            fields.reset()
            if fieldCount != header.count {
                fields.report("row: \(fieldCount) fields, but the header has \(header.count) (line \(recordLine))")
            } else {
                try take(columns, into: &fields)
            }
            try builder.add(&fields)
        }
    }

    private func take(_ columns: Columns, into fields: inout PointFields) throws(BatchInputError) {
        fields.lon = coordinate(columns.lon, text: &fields.lonText)
        fields.lat = coordinate(columns.lat, text: &fields.latText)
        if let column = columns.id, ends[column] > starts[column] {
            fields.idKind = .string
            if doubled[column] {
                copy(column, into: &fields.id)
            } else {
                fields.idRaw = UnsafeBufferPointer(rebasing: bytes[starts[column]..<ends[column]])
            }
            try checkUTF8(fields.idRaw ?? UnsafeBufferPointer(rebasing: bytes[starts[column]..<ends[column]]))
        }
        if let column = columns.at {
            copy(column, into: &fields.at)
            fields.hasAt = !fields.at.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            try fields.at.withUnsafeBufferPointer { (text) throws(BatchInputError) in try checkUTF8(text) }
        }
        if let column = columns.crs {
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

    /// Splits the next non-empty record into fields; false at the end of the body.
    private mutating func nextRecord() throws(BatchInputError) -> Bool {
        let n = bytes.count
        while i < n {
            fieldCount = 0
            recordLine = line
            var endOfRecord = false
            while !endOfRecord {
                if i < n && bytes[i] == 0x22 {
                    i += 1
                    let start = i
                    var hasDoubled = false
                    while true {
                        guard i < n else { throw .malformedCSV(line: recordLine, reason: "a quoted field is never closed") }
                        let b = bytes[i]
                        if b == 0x22 {
                            if i + 1 < n && bytes[i + 1] == 0x22 {
                                hasDoubled = true
                                i += 2
                                continue
                            }
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
                if i < n && bytes[i] == 0x2C {
                    i += 1
                } else {
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
}
