import ArgumentParser
import Foundation
import GridAtlas
import GridPlanning
import GridStore

/// `gridatlas balance GEN`: households per grid against a target range and reports per worker,
/// for the base generation and GEN side by side (docs/diff-balance.md).
struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Households per grid against a range and reports per worker, before and after a redraw."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The generation to weigh (usually a draft).")
    var generation: String

    @Option(help: ArgumentHelp("The base generation (default: the one in force, or the one before GEN).", valueName: "name"))
    var against: String?

    @Option(help: ArgumentHelp("Target households per grid, inclusive.", valueName: "min-max"))
    var households = "300-500"

    @Option(help: ArgumentHelp("Reports of the last N days are counted (1-3650).", valueName: "N"))
    var days = 90

    @Option(help: ArgumentHelp("Grids listed per side (outliers and those outside the range first).", valueName: "N"))
    var top = 10

    @Flag(help: "Print JSON (as the HTTP API answers) instead of a table.")
    var json = false

    func validate() throws {
        guard Atlas.planningDays.contains(days) else { throw ValidationError("--days must be 1...3650, got \(days)") }
        do { _ = try HouseholdRange(parsing: households) } catch { throw ValidationError("--households: \(error.reason)") }
        guard top >= 0 else { throw ValidationError("--top must be 0 or more, got \(top)") }
    }

    func run() throws {
        try failing {
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            let range = try HouseholdRange(parsing: households)
            let answer = try atlas.balance(generation, against: against, range: range, days: days)
            if json { return try PlanningOutput.printJSON(answer) }
            print(table(answer))
        }
    }

    func table(_ answer: BalanceComparison) -> String {
        let b = answer.before, a = answer.after
        let widths = [30, 16, 16]
        func number(_ v: Double?) -> String { v.map { String(format: $0 == $0.rounded() ? "%.0f" : "%.2f", $0) } ?? "-" }
        func line(_ label: String, _ x: String, _ y: String) -> String { PlanningOutput.row([label, x, y], widths) }
        var lines = ["balance: households \(answer.range.minimum)-\(answer.range.maximum) per grid, reports of the last \(answer.days ?? 0) days",
                     line("", "before", "after"),
                     line("generation", b.generation, a.generation),
                     line("grids", "\(b.grids)", "\(a.grids)"),
                     line("under \(answer.range.minimum) households", "\(b.under)", "\(a.under)"),
                     line("within range", "\(b.within)", "\(a.within)"),
                     line("over \(answer.range.maximum) households", "\(b.over)", "\(a.over)"),
                     line("households unknown", "\(b.unknown)", "\(a.unknown)"),
                     line("households min/median/max", "\(number(b.households.min))/\(number(b.households.median))/\(number(b.households.max))",
                          "\(number(a.households.min))/\(number(a.households.median))/\(number(a.households.max))"),
                     line("reports", "\(b.reports)", "\(a.reports)"),
                     line("reports/worker min/med/max",
                          "\(number(b.reportsPerWorker.min))/\(number(b.reportsPerWorker.median))/\(number(b.reportsPerWorker.max))",
                          "\(number(a.reportsPerWorker.min))/\(number(a.reportsPerWorker.median))/\(number(a.reportsPerWorker.max))"),
                     line("outlier threshold", number(b.outlierThreshold), number(a.outlierThreshold)),
                     line("workload outliers", "\(b.outliers.count)", "\(a.outliers.count)"),
                     line("unstaffed grids", "\(b.unstaffed.count)", "\(a.unstaffed.count)")]
        let changed = answer.rows.filter { row in
            row.before?.households != row.after?.households || row.before?.reports != row.after?.reports
                || row.before?.outlier != row.after?.outlier || row.before == nil || row.after == nil
        }
        if !changed.isEmpty {
            lines.append("grids that differ (\(changed.count); first \(min(top, changed.count))):")
            let w = [16, 26, 26]
            lines.append(PlanningOutput.row(["code", "before hh/reports/workers", "after hh/reports/workers"], w))
            func cell(_ load: GridLoad?) -> String {
                guard let load else { return "(absent)" }
                return "\(load.households.map(String.init) ?? "-") \(load.householdStatus)/\(load.reports)/\(load.workers)\(load.outlier ? " !" : "")"
            }
            for row in changed.prefix(top) { lines.append(PlanningOutput.row([row.code, cell(row.before), cell(row.after)], w)) }
        }
        return lines.joined(separator: "\n")
    }
}
