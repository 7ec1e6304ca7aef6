import Foundation

/// `gridatlas-bench locator [--grids N] [--points N] [--seed N] [--cells-per-edge X] [--repeats N] [--only inside|outside]`
/// `gridatlas-bench reports [--grids N] [--stored N] [--intake N] [--days N] [--writers N] [--repeats N] [--seed N]`
/// `gridatlas-bench diff [--grids N] [--reports N] [--repeats N] [--seed N]`
/// `gridatlas-bench geopackage [--grids N] [--seed N] [--repeats N] [--validate yes|no]`
/// `gridatlas-bench topology [--grids N] [--repeats N] [--seed N] [--perturbed 0.01] [--threads N]`
/// `gridatlas-bench batch [--grids N (0: the demo)] [--points N] [--seed N] [--repeats N] [--body pairs|objects|geojson|csv] [--phones yes|no] [--margin 0.05]`
/// `gridatlas-bench drafts [--grids N] [--repeats N] [--seed N]`
/// `gridatlas-bench positions [--grids N] [--points N] [--seed N] [--out DIR] [--spread M]`: the city's files and a five-kind position mix for `tools/bench real`
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
                case "only":
                    guard ["inside", "outside"].contains(value) else { fail("--only takes inside or outside, got '\(value)'") }
                    bench.only = value
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "batch":
            var bench = BatchBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "points": bench.points = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                case "body":
                    guard ["pairs", "objects", "geojson", "csv"].contains(value) else {
                        fail("--body takes pairs, objects, geojson or csv, got '\(value)'")
                    }
                    bench.body = value
                case "phones": bench.phones = value == "yes"
                case "margin": bench.margin = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "reports":
            var bench = ReportsBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "stored": bench.stored = number(value, key)
                case "intake": bench.intake = number(value, key)
                case "days": bench.days = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                case "writers": bench.writers = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "diff":
            var bench = DiffBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "reports": bench.reports = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                case "seed": bench.seed = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "geopackage":
            var bench = GeoPackageBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                case "validate": bench.validate = value == "yes"
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "topology":
            var bench = TopologyBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "perturbed": bench.perturbed = number(value, key)
                case "threads": bench.threads = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "drafts":
            var bench = DraftBenchmark()
            for (key, value) in options {
                switch key {
                case "grids": bench.grids = number(value, key)
                case "seed": bench.seed = number(value, key)
                case "repeats": bench.repeats = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            do { try bench.run() } catch { fail("\(error)") }
        case "positions":
            var mix = PositionMix()
            for (key, value) in options {
                switch key {
                case "grids": mix.grids = number(value, key)
                case "points": mix.points = number(value, key)
                case "seed": mix.seed = number(value, key)
                case "out": mix.out = value
                case "spread": mix.spread = number(value, key)
                default: fail("unknown option --\(key)")
                }
            }
            guard mix.grids > 0, mix.points > 0, mix.spread >= 0 else { fail("--grids and --points must be positive, --spread 0 or more") }
            do { try mix.run() } catch { fail("\(error)") }
        default:
            fail("unknown benchmark '\(which)': try locator, batch, reports, diff, geopackage, topology, drafts or positions")
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
