#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file of any size as a sequence of ``PointBatch``es, each cut at a record
/// boundary, so that memory follows the chunk, not the file.
///
/// Each chunk is read with plain `read` calls into a fresh buffer (the previous one may still be
/// in use by the batch being resolved) and parsed by ``CSVPointReader`` with `isFinal` false
/// until the file's end: the record the buffer's end cuts, quoted line breaks included, is carried
/// into the next buffer. A chunk ends after `chunkRecords` records or about `chunkBytes` bytes,
/// whichever comes first; a record longer than `chunkBytes` grows the buffer, up to
/// `maxRecordBytes`.
struct CSVChunkReader: Sendable {
    let descriptor: Int32
    let chunkBytes: Int
    let chunkRecords: Int
    let maxRecordBytes: Int
    /// Bytes read but not yet parsed: the start of a record cut by the last buffer's end.
    private var pending: [UInt8] = []
    private var atEnd = false
    /// The line `pending` starts on.
    private var line = 1
    /// Bytes of the file parsed so far.
    private(set) var consumed = 0
    /// How many bytes to read for the next chunk: enough for `chunkRecords` records of the size
    /// seen so far, so that a chunk cut by its record count leaves little to carry over.
    private var target: Int
    private(set) var header: CSVHeader?

    init(descriptor: Int32, chunkBytes: Int, chunkRecords: Int, maxRecordBytes: Int) {
        self.descriptor = descriptor
        self.chunkBytes = chunkBytes
        self.chunkRecords = chunkRecords
        self.maxRecordBytes = maxRecordBytes
        target = chunkBytes
    }

    /// Reads the header line; the file must start with one.
    mutating func readHeader() throws(BatchInputError) -> CSVHeader {
        var want = chunkBytes
        while true {
            try fill(upTo: want)
            if pending.isEmpty || (pending.count == 3 && pending == [0xEF, 0xBB, 0xBF] && atEnd) {
                throw .malformedCSV(line: 1, reason: "the file is empty: a header line is required")
            }
            let (found, offset, next) = try pending.withUnsafeBufferPointer { bytes throws(BatchInputError) in
                var reader = CSVPointReader(bytes, isFinal: atEnd, keepsRecords: true)
                let header = try reader.readHeader()
                return (header, reader.offset, reader.nextLine)
            }
            if let found {
                header = found
                pending.removeFirst(offset)
                consumed += offset
                line = next
                return found
            }
            want = try grown(want)
        }
    }

    /// The next chunk's points, or nil after the last.
    mutating func next() throws(BatchInputError) -> PointBatch? {
        guard let header else { preconditionFailure("readHeader() first") }
        var want = target
        while true {
            try fill(upTo: want)
            if pending.isEmpty && atEnd { return nil }
            let chunk = pending
            let isFinal = atEnd
            let start = line
            let (parsed, offset, next) = try chunk.withUnsafeBufferPointer { bytes throws(BatchInputError) in
                var builder = PointBatchBuilder(maxPoints: .max, expected: min(chunkRecords, bytes.count / 16 + 1))
                var reader = CSVPointReader(bytes, line: start, isFinal: isFinal, keepsRecords: true)
                try reader.readRecords(header, into: &builder, limit: chunkRecords)
                return (builder.finish(), reader.offset, reader.nextLine)
            }
            if offset == 0 {
                // Not one whole record in the buffer: a long one. Read on, within reason.
                want = try grown(want)
                continue
            }
            pending = Array(chunk[offset...])
            consumed += offset
            line = next
            if parsed.count == 0 { continue }  // blank lines only
            let perRecord = offset / parsed.count + 1
            target = min(chunkBytes, max(1 << 16, perRecord * chunkRecords + perRecord * chunkRecords / 8))
            var batch = parsed
            batch.source = chunk
            return batch
        }
    }

    /// A larger buffer for a record that does not fit; fails past `maxRecordBytes`.
    private func grown(_ want: Int) throws(BatchInputError) -> Int {
        guard !atEnd else { preconditionFailure("at the file's end every record is whole or malformed") }
        guard pending.count < maxRecordBytes else {
            let limit = maxRecordBytes >= 1 << 20 ? "\(maxRecordBytes >> 20) MB" : "\(maxRecordBytes) bytes"
            throw .malformedCSV(line: line, reason: "a record runs on for more than \(limit) (is a quoted field never closed?)")
        }
        return pending.count + chunkBytes
    }

    /// Reads until `pending` holds `count` bytes or the file ends.
    private mutating func fill(upTo count: Int) throws(BatchInputError) {
        guard pending.count < count && !atEnd else { return }
        let had = pending.count
        var failure: Int32 = 0
        // A new array rather than `pending` grown in place: the last chunk's batch still holds it.
        let filled = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            pending.withUnsafeBufferPointer { old in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[..<had]).initialize(from: old)
            }
            initialized = had
            while initialized < count {
                let got = read(descriptor, buffer.baseAddress! + initialized, count - initialized)
                if got > 0 {
                    initialized += got
                } else if got == 0 {
                    atEnd = true
                    break
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
        }
        pending = filled
        if failure != 0 {
            throw .malformedCSV(line: line, reason: "the file could not be read on from here: \(String(cString: strerror(failure)))")
        }
    }
}
