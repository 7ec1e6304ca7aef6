import Dispatch
import Foundation
import Synchronization

/// The batch engine over a CSV file of any size, as `gridatlas resolve --input` runs it: the
/// reader, resolver and CSV writer of `POST /locate`, chunk after chunk, so that memory follows
/// the chunk and not the file.
///
/// A thread of its own reads and parses the next chunk (``CSVChunkReader``) while the current
/// one is resolved and written on every core: parsing is the one step that runs on one core, and
/// this hides most of it. At most two chunks are in hand at once.
///
/// The answer echoes each record as read, then the answer columns (``BatchCSVWriter``'s
/// pass-through form); a bad row gets `status=error` and a message naming its line, and the run
/// goes on. Only an unreadable file stops it (``BatchInputError/malformedCSV(line:reason:)``,
/// with the line), or a batch the store cannot answer at all (``BatchResolveError``).
public struct CSVFileResolver: Sendable {
    public let atlas: Atlas
    public let options: BatchOptions
    /// About how many bytes of the file make one chunk.
    public var chunkBytes = 16 << 20
    /// At most how many records make one chunk (what a chunk costs in memory follows them).
    public var chunkRecords = 131_072
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

    /// Resolves the CSV read from `descriptor` to its end.
    ///
    /// - Parameters:
    ///   - write: takes the answer piece by piece, in order, the header line first; called on
    ///     the calling thread.
    ///   - progress: called after each chunk is written, on the calling thread.
    /// - Returns: the number of points answered.
    public func run(descriptor: Int32, write: ([UInt8]) throws -> Void, progress: (Progress) -> Void = { _ in }) throws -> Int {
        var reader = CSVChunkReader(descriptor: descriptor, chunkBytes: chunkBytes, chunkRecords: chunkRecords,
                                    maxRecordBytes: maxRecordBytes)
        let header = try reader.readHeader()
        try write(BatchCSVWriter.header(echoing: header, includePhones: options.includePhones))

        let handoff = ChunkHandoff(depth: 2)
        let finished = DispatchSemaphore(value: 0)
        let parsing = Thread { [reader] in
            var reader = reader
            defer { finished.signal() }
            while handoff.waitForRoom() {
                do throws(BatchInputError) {
                    let batch = try reader.next()
                    handoff.put(.success(batch.map { Chunk(batch: $0, end: reader.consumed) }))
                    if batch == nil { return }
                } catch {
                    handoff.put(.failure(error))
                    return
                }
            }
        }
        parsing.name = "gridatlas.csv-reader"
        parsing.start()
        defer {
            handoff.cancel()
            finished.wait()
        }

        let resolver = PointBatchResolver(atlas: atlas)
        var points = 0
        while let chunk = try handoff.take().get() {
            let resolved = try resolver.resolve(chunk.batch, options: options)
            try write(resolved.writeEchoingRecords())
            handoff.release()
            points += chunk.batch.count
            progress(Progress(points: points, bytes: chunk.end))
        }
        return points
    }
}

/// A parsed chunk and where it ends in the file.
private struct Chunk: Sendable {
    var batch: PointBatch
    var end: Int
}

/// Hands parsed chunks from the reading thread to the resolving one, in order, the reader at
/// most `depth` chunks ahead of the last one written.
private final class ChunkHandoff: Sendable {
    typealias Item = Result<Chunk?, BatchInputError>

    private let items = Mutex<[Item]>([])
    private let ready = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let cancelled = Atomic<Bool>(false)

    init(depth: Int) {
        room = DispatchSemaphore(value: depth)
    }

    /// Waits until another chunk may be read; false once the run is over.
    func waitForRoom() -> Bool {
        room.wait()
        return !cancelled.load(ordering: .acquiring)
    }

    func put(_ item: Item) {
        items.withLock { $0.append(item) }
        ready.signal()
    }

    /// The next item, waiting for it.
    func take() -> Item {
        ready.wait()
        return items.withLock { $0.removeFirst() }
    }

    /// A chunk was written: room for the reader to read another.
    func release() {
        room.signal()
    }

    /// Ends the run: a reader waiting for room wakes and stops.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        room.signal()
    }
}
