import Foundation

/// `gridatlas-bench locator [--grids N] [--points N] [--seed N] [--cells-per-edge X] [--repeats N]`
@main
enum BenchCommand {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let which = arguments.first.map { $0.hasPrefix("-") ? "locator" : arguments.removeFirst() } ?? "locator"
        var options: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            guard arguments[i].hasPrefix("--"), i + 1 < arguments.count else { fail("unexpected argument '\(arguments[i])'") }
            options[String(arguments[i].dropFirst(2))] = arguments[i + 1]
            i += 2
        }
        switch which {
        case "locator":
            var bench = LocatorBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "points": bench.points = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "cells-per-edge": bench.cellsPerEdge = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        default:
            fail("unknown benchmark '\(which)': try locator")
        }
    }

    static func number<T: LosslessStringConvertible>(_ text: String, _ key: String) -> T {
        guard let value = T(text) else { fail("--\(key) takes a number, got '\(text)'") }
        return value
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("gridatlas-bench: \(message)\n".utf8))
        exit(1)
    }
}
