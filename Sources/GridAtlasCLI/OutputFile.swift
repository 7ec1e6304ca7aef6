import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a long command writes its answer: standard output, or a file that appears only whole.
///
/// A file is written under a temporary name in the same folder (so that the final `rename` is
/// atomic, on one file system) and renamed over its path only by ``commit()``. A run that fails,
/// or is interrupted, removes the temporary file: no half answer is left behind, and a file that
/// was at the path before stays as it was.
final class OutputFile {
    let path: String?
    private let temporary: String?
    /// Where to write until ``commit()``.
    private(set) var descriptor: Int32
    private var interrupts: [DispatchSourceSignal] = []

    /// Standard output.
    init() {
        path = nil
        temporary = nil
        descriptor = STDOUT_FILENO
    }

    /// A file at `path`, written beside it until committed.
    init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(UInt32.random(in: 0...UInt32.max)).partial"
        let temporary = url.deletingLastPathComponent().appendingPathComponent(name).path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        self.path = path
        self.temporary = temporary
        self.descriptor = descriptor
        // Ctrl-C or a kill during the run: remove the partial file, then end as the signal would.
        for signo in [SIGINT, SIGTERM, SIGHUP] {
            signal(signo, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signo, queue: .global())
            source.setEventHandler {
                unlink(temporary)
                signal(signo, SIG_DFL)
                raise(signo)
            }
            source.resume()
            interrupts.append(source)
        }
    }

    /// Puts the file in place, over any file at its path.
    func commit() throws {
        guard let path, let temporary else { return }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure("cannot write '\(path)': \(reason)")
        }
        stopWatching()
    }

    /// Removes the temporary file; nothing is left at the path that was not there before.
    func discard() {
        guard let temporary else { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporary)
        stopWatching()
    }

    private func stopWatching() {
        for source in interrupts { source.cancel() }
        interrupts = []
        for signo in [SIGINT, SIGTERM, SIGHUP] { signal(signo, SIG_DFL) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

