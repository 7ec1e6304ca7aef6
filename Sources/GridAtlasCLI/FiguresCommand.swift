import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

/// `gridatlas figures ...`: the report figures of docs/report-figures.md from the store file, as a
/// table to read or (`--json`) the same JSON the HTTP routes answer.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Report density, worker load, heat-map bins, closing rates and the weekly spot check.",
        subcommands: [Density.self, Workers.self, Bins.self, Performance.self, SpotCheckSample.self]
    )

    /// Which reports: the window and the lists, read exactly as the HTTP parameters are.
    struct Filter: ParsableArguments {
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp("Start of the window (requested_at ≥). Default: 30 days before --to.", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("End of the window (requested_at <). Default: now.", valueName: "date"))
        var to: String?

        @Option(help: ArgumentHelp("Matter codes, comma-separated.", valueName: "codes"))
        var matter: String?

        @Option(help: ArgumentHelp("Department codes, comma-separated.", valueName: "codes"))
        var department: String?

        @Option(help: ArgumentHelp("Case states, comma-separated (reported, accepted, ..., closed).", valueName: "states"))
        var status: String?

        @Option(help: ArgumentHelp("Units from this generation instead of the one in force at the window's end.", valueName: "name"))
        var generation: String?

        @Flag(help: "Print JSON (as the HTTP API answers) instead of a table.")
        var json = false

        func window() throws -> FigureWindow {
            try FigureWindow.parse(from: from, to: to, matter: matter, department: department, status: status)
        }

        func figures() throws -> ReportFigures {
            ReportFigures(desk: ReportDesk(atlas: Atlas(store: try GridStore(path: storeOptions.path))))
        }
    }

    struct Density: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reports per unit of a tier, per km², and against the previous period.")
        @OptionGroup var filter: Filter
        @Option(help: ArgumentHelp("district, subdistrict, community, grid or micro_area.", valueName: "tier"))
        var tier = "grid"

        func run() throws {
            try failing {
                let answer = try filter.figures().density(tier: try Tier.query(tier), window: try filter.window(), generation: filter.generation)
                if filter.json { return try printJSON(answer) }
                print("\(answer.tier) of generation '\(answer.generation)', \(answer.from) to \(answer.to): \(answer.total) reports (previous period \(answer.previousTotal))")
                print(row(["code", "name", "count", "per km²", "previous", "change %"], [19, 14, 7, 10, 9, 9]))
                for r in answer.rows {
                    print(row([r.code, r.name, "\(r.count)", r.perKm2.map { String(format: "%.2f", $0) } ?? "-", "\(r.previousCount)",
                               r.changePct.map { String(format: "%+.1f", $0) } ?? "-"], [19, 14, 7, 10, 9, 9]))
                }
                print("unmatched (older boundaries) \(answer.unmatched.count) in \(answer.unmatched.codes ?? 0) codes; without a \(answer.tier) \(answer.withoutUnit.count)")
            }
        }
    }

    struct Workers: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reports per responsible worker, with how many are still open.")
        @OptionGroup var filter: Filter

        func run() throws {
            try failing {
                let answer = try filter.figures().workers(window: try filter.window())
                if filter.json { return try printJSON(answer) }
                print("\(answer.from) to \(answer.to): \(answer.total) reports, \(answer.unassigned.count) with no worker (\(answer.unassigned.open) open)")
                print(row(["worker", "name", "count", "open"], [10, 10, 7, 7]))
                for r in answer.rows { print(row([r.workerId, r.name ?? "-", "\(r.count)", "\(r.open)"], [10, 10, 7, 7])) }
            }
        }
    }

    struct Bins: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reports in square or hex cells, as a GeoJSON FeatureCollection (open it in QGIS).")
        @OptionGroup var filter: Filter
        @Option(help: ArgumentHelp("Cell size in metres (hex: across the flats).", valueName: "m"))
        var cell = 500.0
        @Option(help: ArgumentHelp("square or hex.", valueName: "shape"))
        var shape = "square"

        func run() throws {
            try failing {
                let window = try filter.window()
                let bins = try filter.figures().bins(window: window, shape: try ReportBins.Shape.query(shape), cellMetres: cell,
                                                     generation: filter.generation)
                print(bins.geoJSON(extra: [("from", Dates.format(window.from)), ("to", Dates.format(window.to))]))
            }
        }
    }

    struct Performance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Closing rate, on-time rate, handling hours, open and overdue cases per unit or department.")
        @OptionGroup var filter: Filter
        @Option(help: ArgumentHelp("department, or a tier (grid, community, ...).", valueName: "key"))
        var by = "grid"
        @Option(help: ArgumentHelp("The moment overdue is judged at. Default: now.", valueName: "date"))
        var now: String?

        func run() throws {
            try failing {
                let moment = try now.map(Dates.require) ?? Date()
                let answer = try filter.figures().performance(by: try ReportFigures.grouping(by), window: try filter.window(), now: moment,
                                                              generation: filter.generation)
                if filter.json { return try printJSON(answer) }
                print("by \(answer.by), \(answer.from) to \(answer.to), overdue at \(answer.now)")
                let widths = [19, 12, 8, 7, 9, 8, 9, 6, 8]
                print(row(["code", "name", "reports", "closed", "closing", "on time", "avg h", "open", "overdue"], widths))
                func line(_ r: ReportPerformance.Row, _ label: String) {
                    func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
                    print(row([r.code ?? label, r.name ?? "", "\(r.reports)", "\(r.closed)", pct(r.closingRate), pct(r.onTimeRate),
                               r.avgHandlingHours.map { String(format: "%.1f", $0) } ?? "-", "\(r.open)", "\(r.overdue)"], widths))
                }
                for r in answer.rows { line(r, "") }
                if let unmatched = answer.unmatched, unmatched.reports > 0 { line(unmatched, "(unmatched)") }
                if let without = answer.withoutUnit, without.reports > 0 { line(without, "(no unit)") }
                line(answer.total, "(total)")
            }
        }
    }

    struct SpotCheckSample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "spot-check",
            abstract: "Draw closed cases per community for the weekly spot check; the same seed draws the same cases.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("The ISO week, China time (e.g. 2026-W47).", valueName: "week"))
        var week: String
        @Option(help: ArgumentHelp("The draw's seed (0 to 2⁵³−1); record it with the sample.", valueName: "n"))
        var seed: UInt64
        @Option(name: .customLong("per-community"), help: ArgumentHelp("Cases per community.", valueName: "n"))
        var perCommunity = 3
        @Option(help: ArgumentHelp("Communities from this generation instead of the one in force at the week's end.", valueName: "name"))
        var generation: String?
        @Flag(help: "Print JSON instead of a table.")
        var json = false

        func run() throws {
            try failing {
                let figures = ReportFigures(desk: ReportDesk(atlas: Atlas(store: try GridStore(path: storeOptions.path))))
                let answer = try figures.spotCheck(week: try ISOWeek(parsing: week), seed: seed, perCommunity: perCommunity,
                                                   generation: generation)
                if json { return try printJSON(answer) }
                print("\(answer.week) (\(answer.from) to \(answer.to)), seed \(answer.seed): \(answer.sampled) of \(answer.closed) closed cases"
                      + (answer.withoutCommunity > 0 ? " (\(answer.withoutCommunity) outside every community, not drawn)" : ""))
                for community in answer.communities where !community.sample.isEmpty {
                    print("\(community.code) \(community.name ?? "") (\(community.closed) closed)")
                    for c in community.sample {
                        print("  #\(c.id) \(c.matterCode) grid \(c.gridCode ?? "-") worker \(c.workerId ?? "-") \(c.workerName ?? "") closed \(c.closedAt)\(c.onTime ? "" : " LATE")")
                    }
                }
            }
        }
    }
}

/// Cells padded to column widths, counting a Chinese character as two terminal columns.
private func row(_ cells: [String], _ widths: [Int]) -> String {
    zip(cells, widths).map { cell, width in
        var out = "", used = 0
        for character in cell {
            let columns = (character.unicodeScalars.first?.value ?? 0) >= 0x2E80 ? 2 : 1
            if used + columns > width { break }
            out.append(character)
            used += columns
        }
        return out + String(repeating: " ", count: width - used + 1)
    }.joined()
}

private func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys, .prettyPrinted]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
