import Foundation

/// What a server process does if it ever traps: exit at once, so the port is free for the
/// supervisor to start a new one.
///
/// Swift's runtime answers a trap by starting `swift-backtrace`, which inherits the process's
/// descriptors. Seen on this machine with several threads trapping together: the backtracer hung
/// and kept the listening socket for over ten minutes, accepting connections nobody answered,
/// and the restarted server failed with "Address already in use". The runtime reads its
/// setting once, at start-up, from `SWIFT_BACKTRACE`; `serve` therefore starts itself again with
/// `SWIFT_BACKTRACE=enable=no` unless the variable is already set (set it yourself, for example
/// `SWIFT_BACKTRACE=enable=yes,timeout=5s`, to get backtraces when debugging a crash).
enum CrashPolicy {
    static let variable = "SWIFT_BACKTRACE"
    static let setting = "enable=no"

    /// Replaces this process with itself under the policy, or returns when it already runs so.
    static func applyByRestarting() {
        guard getenv(variable) == nil else { return }
        setenv(variable, setting, 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
        // Only reached when exec failed (no /proc): go on with the runtime's default.
        FileHandle.standardError.write(Data("gridatlas: could not restart with \(variable)=\(setting) (\(String(cString: strerror(errno)))); a crash may hold the port while it is traced\n".utf8))
        for pointer in argv { free(pointer) }
    }
}
