import Foundation

/// A CSV file read whole (RFC 4180: commas, double-quoted fields, doubled quotes inside them,
/// CRLF or LF), each record with the line it starts on, for messages a user can act on.
///
/// Written here rather than taken from a package because every message must carry the line
/// number a text editor shows, quoted fields spanning lines included.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public var header: [String]
    public var records: [Record]

    public init(data: Data) throws(Malformed) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(bytes: bytes, encoding: .utf8) != nil else { throw Malformed(line: 1, reason: "the file is not UTF-8 text") }
        var rows: [Record] = []
        var field: [UInt8] = []
        var fields: [String] = []
        var line = 1, recordLine = 1
        var inQuotes = false, quotedField = false
        var i = 0
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotedField = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                guard field.isEmpty && !quotedField else {
                    throw Malformed(line: line, reason: "a double quote inside an unquoted field (quote the whole field and double the quote)")
                }
                inQuotes = true
                quotedField = true
            } else if b == UInt8(ascii: ",") {
                endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw Malformed(line: recordLine, reason: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = rows.first else { throw Malformed(line: 1, reason: "the file is empty: a header line is required") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        records = Array(rows.dropFirst())
        for record in records where record.fields.count != header.count {
            throw Malformed(line: record.line, reason: "\(record.fields.count) fields, but the header has \(header.count)")
        }
    }

    /// The position of a header column, if present.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}
