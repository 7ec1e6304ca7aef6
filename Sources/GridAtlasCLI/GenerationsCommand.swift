import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

struct GenerationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generations",
        abstract: "List generations of boundaries, or publish one with an effective date.",
        subcommands: [List.self, Activate.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every generation with its status and dates.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try failing {
                let store = try GridStore(path: storeOptions.path)
                let now = Date()
                let rows = try store.generations()
                if rows.isEmpty { print("no generations yet: gridatlas import units FILE --generation NAME --activate") }
                for g in rows {
                    let from = g.effectiveFrom.map(Dates.formatExact) ?? "-"
                    let to = g.effectiveTo.map(Dates.formatExact) ?? "-"
                    print("\(g.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(g.status(at: now).rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) from \(from)  to \(to)"
                          + (g.note.map { "  (\($0))" } ?? ""))
                }
            }
        }
    }

    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a draft generation from a date; the generation in force until then ends at that moment.",
            discussion: """
                Refused while `gridatlas validate NAME` finds errors (gaps, overlaps, spills, invalid shapes, code \
                problems); warnings are listed. The date may be in the future (the generation is then scheduled). A past date needs --backdate, \
                since lookups since then change; a date on or before the start of the latest published \
                generation is refused.
                """
        )
        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The draft generation's name.")
        var name: String

        @Option(help: ArgumentHelp("When it takes effect (2026-01-01 is midnight UTC+08:00). Default: now.", valueName: "date"))
        var effective: String?

        @Flag(help: "Allow a date in the past: lookups since then change to this generation (a redraw recorded late).")
        var backdate = false

        func run() throws {
            try failing {
                let date = try effective.map(Dates.require) ?? Dates.now()
                let atlas = Atlas(store: try GridStore(path: storeOptions.path))
                let (g, report) = try atlas.publishChecked(name, effectiveFrom: date, backdate: backdate)
                print("generation '\(g.name)' published, in force from \(Dates.formatExact(date)) (\(g.status(at: Date()).rawValue))")
                let warnings = report.problems.filter { $0.severity == .warning }
                if !warnings.isEmpty { print("\(warnings.count) warning\(warnings.count == 1 ? "" : "s") from the topology check (gridatlas validate \(g.name) --warnings):") }
                for warning in warnings.prefix(20) { print("  - \(warning.tier.rawValue) \(warning.codes.joined(separator: ", ")): \(warning.message)") }
            }
        }
    }
}
