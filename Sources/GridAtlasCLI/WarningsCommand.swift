import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

/// `gridatlas warnings`: the early-warning rule, every grid's level, and a sweep that records
/// level changes (their `level_changed` webhooks are queued; a running server sends them).
struct WarningsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Early warning (四级预警): show or set the rule, list grids by level, record level changes.",
        discussion: """
            Levels: 1 blue (蓝), 2 yellow (黄), 3 orange (橙), 4 red (红); a grid is at level k once its value \
            reaches the k-th threshold. The default rule counts reports in 7 days: 3 / 5 / 8 / 12. See docs/warnings.md.
            """,
        subcommands: [Rule.self, List.self, Sweep.self],
        defaultSubcommand: List.self
    )

    static func warning(_ options: StoreOptions) throws -> EarlyWarning {
        EarlyWarning(desk: ReportDesk(atlas: Atlas(store: try GridStore(path: options.path))))
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }

    struct Rule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the rule in force, or with --set change it (options not given keep their value).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Set the rule from the options below.") var set = false
        @Option(help: ArgumentHelp("count, per_km2 or per_1000_households.", valueName: "measure")) var measure: String?
        @Option(help: ArgumentHelp("Length of the window, in hours.", valueName: "hours")) var windowHours: Double?
        @Option(help: ArgumentHelp("Four ascending thresholds for levels 1-4, e.g. 3,5,8,12.", valueName: "t1,t2,t3,t4"))
        var thresholds: String?
        @Option(help: ArgumentHelp("Only these matters (comma-separated codes), or 'all'.", valueName: "codes")) var matters: String?
        @Option(help: ArgumentHelp("Only these departments (comma-separated codes), or 'all'.", valueName: "codes")) var departments: String?
        @Option(help: "Who sets it (recorded with the rule).") var by = "cli"

        func run() throws {
            try failing {
                let warning = try WarningsCommand.warning(storeOptions)
                var rule = try warning.rule()
                let changing = measure != nil || windowHours != nil || thresholds != nil || matters != nil || departments != nil
                if changing && !set { throw ValidationError("add --set to change the rule") }
                if set {
                    if let measure {
                        guard let known = WarningMeasure(rawValue: measure) else {
                            throw ValidationError("unknown measure '\(measure)': use \(WarningMeasure.allCases.map(\.rawValue).joined(separator: ", "))")
                        }
                        rule.measure = known
                    }
                    if let windowHours { rule.windowHours = windowHours }
                    if let thresholds {
                        let values = thresholds.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                        guard values.allSatisfy({ $0 != nil }) else { throw ValidationError("--thresholds: '\(thresholds)' is not a list of numbers") }
                        rule.thresholds = values.compactMap { $0 }
                    }
                    if let matters { rule.matters = Self.codes(matters) }
                    if let departments { rule.departments = Self.codes(departments) }
                    rule = try warning.setRule(rule, by: by)
                    print("rule set; levels are recorded at the next sweep (a running server sweeps every minute)")
                }
                print("measure       \(rule.measure.rawValue)")
                print("window        \(WarningsCommand.number(rule.windowHours)) hours")
                print("matters       \(rule.matters?.joined(separator: ", ") ?? "all")")
                print("departments   \(rule.departments?.joined(separator: ", ") ?? "all")")
                for (level, threshold) in zip(WarningLevel.allCases.dropFirst(), rule.thresholds) {
                    print("level \(level.rawValue) \(level.colour.padding(toLength: 7, withPad: " ", startingAt: 0)) from \(WarningsCommand.number(threshold))")
                }
                print("set           \(rule.updatedAt.map { "\(Dates.format($0)) by \(rule.updatedBy ?? "-")" } ?? "never (the default rule)")")
            }
        }

        static func codes(_ text: String) -> [String]? {
            text.lowercased() == "all" ? nil : text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Grids at a warning level at a moment, worst first.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("The moment (default now).", valueName: "date")) var at: String?
        @Option(help: ArgumentHelp("Lowest level listed, 0-4.", valueName: "level")) var minLevel = 1

        func run() throws {
            try failing {
                guard let minimum = WarningLevel(rawValue: minLevel) else { throw ValidationError("--min-level must be 0 to 4") }
                let moment = try at.map { text in
                    guard let date = Dates.parse(text) else { throw ValidationError("--at: '\(text)' is not a date or date-time") }
                    return date
                } ?? Date()
                let board = try WarningsCommand.warning(storeOptions).board(at: moment, minimum: minimum)
                print("\(board.measure) over \(WarningsCommand.number(board.windowHours)) h to \(board.at), generation \(board.generation): "
                      + board.levels.map { "\($0.colour) \($0.grids)" }.joined(separator: ", "))
                for grid in board.grids {
                    print("\(grid.level) \(grid.colour.padding(toLength: 7, withPad: " ", startingAt: 0)) \(grid.code)  \(grid.name)  "
                          + "value \(grid.value.map(WarningsCommand.number) ?? "-")  reports \(grid.reports)")
                }
            }
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every grid's level now and record the changes.",
            discussion: "Changes queue level_changed webhooks; a running server sends them within its poll interval.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try failing {
                let changes = try WarningsCommand.warning(storeOptions).sweep()
                if changes.isEmpty { print("no level changed") }
                for change in changes {
                    print("\(change.grid)  \(change.from.colour) -> \(change.to.colour)  value \(change.value.map(WarningsCommand.number) ?? "-")")
                }
            }
        }
    }
}
