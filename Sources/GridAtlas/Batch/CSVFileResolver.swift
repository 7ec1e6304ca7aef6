import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The batch engine over a CSV file of any size, as `gridatlas resolve --input` runs it: the
/// reader, resolver and CSV writer of `POST /locate`, chunk after chunk, so that memory follows
/// the chunk and not the file.
///
/// Three threads overlap: one reads and parses the next chunk (``CSVChunkReader``: parsing is
/// the one step that runs on one core), the calling one resolves and writes the answer of the
/// current chunk on every core, one hands the previous answer to the output (the kernel's copy
/// of a 30 MB answer is as long as its resolving). At most two chunks are parsed ahead of the
/// one being written.
///
/// The answer echoes each record as read, then the answer columns (``BatchCSVWriter``'s
/// pass-through form); a bad row gets `status=error` and a message naming its line, and the run
/// goes on. Only an unreadable file stops it (``BatchInputError/malformedCSV(line:reason:)``,
/// with the line), a batch the store cannot answer at all (``BatchResolveError``), or an output
/// that takes no more (``OutputError``).
public struct CSVFileResolver: Sendable {
    public let atlas: Atlas
    public let options: BatchOptions
    /// About how many bytes of the file make one chunk.
    public var chunkBytes = 8 << 20
    /// At most how many records make one chunk (what a chunk costs in memory follows them).
    public var chunkRecords = 65_536
    /// The longest record read; a longer one stops the run (most likely a quote never closed).
    public var maxRecordBytes = 64 << 20

    public init(atlas: Atlas, options: BatchOptions) {
        self.atlas = atlas
        self.options = options
    }

    /// How far a run has come, after each chunk.
    public struct Progress: Sendable {
        /// Points answered so far.
        public var points: Int
        /// Bytes of the file they were read from.
        public var bytes: Int
    }

    /// The output refused the answer: a full disk, a closed pipe.
    public struct OutputError: Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// Resolves the CSV read from `input` to its end, writing the answer to `output` as it goes.
    ///
    /// - Parameter progress: called after each chunk is resolved, on the calling thread.
    /// - Returns: the number of points answered.
    public func run(input: Int32, output: Int32, progress: (Progress) -> Void = { _ in }) throws -> Int {
        var reader = CSVChunkReader(descriptor: input, chunkBytes: chunkBytes, chunkRecords: chunkRecords,
                                    maxRecordBytes: maxRecordBytes)
        let header = try reader.readHeader()
        if let code = Self.writeAll(BatchCSVWriter.header(echoing: header, includePhones: options.includePhones), to: output) {
            throw OutputError(code: code)
        }

        let chunks = Handoff<Result<Chunk?, BatchInputError>>(capacity: 1)
        let answers = Handoff<[UInt8]?>(capacity: 1)
        let outputFailure = Atomic<Int32>(0)
        let threads = DispatchGroup()
        Self.start("gridatlas.csv-reader", in: threads) { [reader] in
            var reader = reader
            while chunks.waitForRoom() {
                do throws(BatchInputError) {
                    let batch = try reader.next()
                    chunks.put(.success(batch.map { Chunk(batch: $0, end: reader.consumed) }))
                    if batch == nil { return }
                } catch {
                    chunks.put(.failure(error))
                    return
                }
            }
        }
        Self.start("gridatlas.csv-writer", in: threads) {
            while let answer = answers.take(), let bytes = answer {
                if let code = Self.writeAll(bytes, to: output) {
                    outputFailure.store(code, ordering: .relaxed)
                    answers.close()
                }
            }
        }
        defer {
            chunks.close()
            answers.close()
            threads.wait()
        }

        let resolver = PointBatchResolver(atlas: atlas)
        let fragments = FragmentCache()
        var points = 0
        // An answer is made only once the writer has taken the last one: two in hand at most.
        while answers.waitForRoom(), let item = chunks.take(), let chunk = try item.get() {
            let resolved = try resolver.resolve(chunk.batch, options: options)
            guard answers.put(resolved.writeEchoingRecords(cache: fragments)) else { break }
            points += chunk.batch.count
            progress(Progress(points: points, bytes: chunk.end))
        }
        // The reader is done (or, when the output failed, told to stop); the end mark, then
        // the writer's last write.
        chunks.close()
        answers.put(nil)
        threads.wait()
        let code = outputFailure.load(ordering: .relaxed)
        if code != 0 { throw OutputError(code: code) }
        return points
    }

    private static func start(_ name: String, in group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Writes all of `bytes`, however many calls it takes; the error code if one fails.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let wrote = write(descriptor, raw.baseAddress! + done, raw.count - done)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += wrote
            }
            return nil
        }
    }
}

/// A parsed chunk and where it ends in the file.
private struct Chunk: Sendable {
    var batch: PointBatch
    var end: Int
}
