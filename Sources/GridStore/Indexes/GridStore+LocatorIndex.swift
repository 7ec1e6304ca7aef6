import Foundation
import GridDomain

/// Published generations' Locators kept beside the store as index files
/// (`<store>.indexes/generation-<id>.locator`), mapped read-only when a process needs them, so
/// that a server or a CLI run answers its first position without rebuilding anything.
///
/// The store stays the truth: an index file is named by the generation's identity in the store
/// (id, name, creation moment and unit fingerprint), checked whole on every opening, and written
/// to a temporary file renamed into place, so a process killed while writing leaves either the
/// old state or the new file, never half of one.
extension GridStore {
    /// Where this store's index files live.
    public var indexFolder: URL {
        URL(fileURLWithPath: path + ".indexes", isDirectory: true)
    }

    func indexFile(of generation: Generation) -> URL {
        indexFolder.appendingPathComponent("generation-\(generation.id).locator")
    }

    /// What an index file must have been built from to answer for `generation`: published
    /// generations never change, so their identity and unit fingerprint name them for good.
    public func indexKey(of generation: Generation) throws -> String {
        "gridatlas locator|generation \(generation.id)|\(generation.name)|\(generation.createdAt.timeIntervalSince1970)|"
            + (try fingerprint(ofGeneration: generation.id))
    }

    /// The stored Locator of `generation`, mapped; nil when none was written yet. Throws
    /// ``LocatorImageError`` (old format, damaged, built for something else) or a file error:
    /// the caller then rebuilds it and says so.
    public func storedLocator(of generation: Generation) throws -> Locator? {
        let file = indexFile(of: generation)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let mapped = try MappedFile(path: file.path)
        return try LocatorImage.read(mapped.bytes, owner: mapped, key: try indexKey(of: generation))
    }

    /// Writes `locator` as the index file of `generation`, replacing any older one. Safe to run
    /// from several processes at once: each writes its own temporary file, and the last rename wins
    /// with the same content.
    public func storeLocator(_ locator: Locator, of generation: Generation) throws {
        try FileManager.default.createDirectory(at: indexFolder, withIntermediateDirectories: true)
        removeAbandonedIndexFiles()
        let target = indexFile(of: generation)
        let temporary = indexFolder.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        var sink = try FileSink(path: temporary.path)
        do {
            try LocatorImage.write(locator, key: try indexKey(of: generation), to: &sink)
            try sink.finish()
            guard rename(temporary.path, target.path) == 0 else { throw IndexFileError.system("rename", errno, target.path) }
            sink.syncFolder(indexFolder.path)
        } catch {
            sink.abandon()
            unlink(temporary.path)
            throw error
        }
    }

    /// Temporary files left by processes that died while writing (their pid no longer runs).
    private func removeAbandonedIndexFiles() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: indexFolder.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: ".")
            guard parts.count >= 4, let pid = Int32(parts[parts.count - 3]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(indexFolder.appendingPathComponent(name).path) }
        }
    }
}

/// A failed system call on an index file.
public enum IndexFileError: Error, CustomStringConvertible {
    case system(String, Int32, String)

    public var description: String {
        switch self {
        case .system(let call, let code, let path): "\(call) \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// A whole file mapped read-only, unmapped when the last reader lets go.
final class MappedFile: @unchecked Sendable {
    // @unchecked Sendable: the mapping is read-only and never changes while this object lives.
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexFileError.system("open", errno, path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IndexFileError.system("stat", errno, path) }
        let length = Int(info.st_size)
        guard length > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        // MAP_POPULATE: the checksum reads every page at once anyway; one call maps them all.
        let address = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
        guard let address, address != MAP_FAILED else { throw IndexFileError.system("mmap", errno, path) }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

/// Buffered writes to a new file, flushed and synced to disk before it is renamed into place.
struct FileSink: LocatorImageSink {
    private var fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 20

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexFileError.system("open", errno, path) }
        self.path = path
        buffer.reserveCapacity(Self.bufferSize)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count >= Self.bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    private mutating func flush() throws {
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw IndexFileError.system("write", errno, path) }
            done += n
        }
    }

    /// Everything on disk: a rename after this cannot expose a file with holes after a power cut.
    mutating func finish() throws {
        try flush()
        guard fsync(fd) == 0 else { throw IndexFileError.system("fsync", errno, path) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { throw IndexFileError.system("close", errno, path) }
    }

    mutating func abandon() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// The rename itself made durable.
    func syncFolder(_ folder: String) {
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return }
        fsync(dir)
        close(dir)
    }
}
