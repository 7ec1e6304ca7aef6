import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridPlanning
import GridStore

/// `gridatlas validate GEN`: the topology check of a generation, like a linter: a summary per
/// tier and kind, every error on a line of its own, exit code 1 while errors remain.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a generation's topology: gaps, overlaps, spills, slivers, spikes, invalid shapes, codes.",
        discussion: """
            Prints a summary per tier and kind and every error (warnings are counted; --warnings lists them). \
            Exits with 1 while any error remains (the generation should not be published), 0 with only warnings. \
            See docs/validation.md for each kind of problem and its severity.
            """
    )
    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The generation to check (draft or published).")
    var generation: String

    @Option(help: ArgumentHelp("Also write every problem as a GeoJSON FeatureCollection to this file (for QGIS).", valueName: "file"))
    var geojson: String?

    @Option(name: .customLong("error-area"), help: ArgumentHelp("Gaps, overlaps and spills above this many m² are errors (default 1).", valueName: "m2"))
    var errorArea: Double?

    @Option(name: .customLong("sliver-area"), help: ArgumentHelp("Units or parts smaller than this many m² are slivers (default 10).", valueName: "m2"))
    var sliverArea: Double?

    @Option(name: .customLong("sliver-width"), help: ArgumentHelp("Units or parts thinner than this mean width are slivers (default 0.5).", valueName: "m"))
    var sliverWidth: Double?

    @Option(name: .customLong("spike-angle"), help: ArgumentHelp("Vertices sharper than this are spikes (default 1).", valueName: "degrees"))
    var spikeAngle: Double?

    @Option(help: ArgumentHelp("Check only this tier (district, subdistrict, community, grid, micro_area).", valueName: "tier"))
    var tier: String?

    @Flag(help: "List warnings too, not only errors.")
    var warnings = false

    @Flag(help: "Print the report as JSON instead of text.")
    var json = false

    func run() throws {
        let report = try failing { () throws -> TopologyReport in
            let standard = TopologyTolerances.standard
            let tolerances: TopologyTolerances
            do {
                tolerances = try TopologyTolerances(errorAreaM2: errorArea ?? standard.errorAreaM2, sliverAreaM2: sliverArea ?? standard.sliverAreaM2,
                                                    sliverWidthM: sliverWidth ?? standard.sliverWidthM,
                                                    spikeAngleDegrees: spikeAngle ?? standard.spikeAngleDegrees)
            } catch let error as TopologyTolerances.Invalid {
                let option = ["error_area_m2": "--error-area", "sliver_area_m2": "--sliver-area", "sliver_width_m": "--sliver-width",
                              "spike_angle_deg": "--spike-angle"][error.name] ?? error.name
                throw ValidationError("\(option) \(error.value) \(error.reason)")
            }
            let tiers = try tier.map { name -> Set<Tier> in
                guard let tier = Tier(name: name) else {
                    throw ValidationError("--tier '\(name)' is not a tier: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return [tier]
            }
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            let report = try atlas.validate(generation: generation, tolerances: tolerances, tiers: tiers)
            if let geojson {
                let url = URL(fileURLWithPath: geojson)
                do { try Data(try report.geoJSON()).write(to: url) } catch {
                    throw ValidationError("cannot write '\(geojson)': \(error.localizedDescription)")
                }
            }
            return report
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.text(report, listWarnings: warnings, geojson: geojson))
        }
        if !report.isPublishable { throw ExitCode(1) }
    }

    static func text(_ report: TopologyReport, listWarnings: Bool, geojson: String?) -> String {
        var lines: [String] = []
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let verdict = report.isPublishable
            ? (report.warningCount == 0 ? "clean" : "no errors, \(count(report.warningCount, "warning"))")
            : "\(count(report.errorCount, "error")), \(count(report.warningCount, "warning")): not publishable"
        lines.append("generation '\(report.generation ?? "-")': \(report.unitCount) units checked, \(verdict)")
        if !report.summary.isEmpty {
            lines.append("tier         kind               errors  warnings        area m²")
            for row in report.summary {
                lines.append(row.tier.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                             + row.kind.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
                             + String(row.errors).leftPadded(8) + String(row.warnings).leftPadded(10)
                             + (row.areaM2.map { String(format: "%15.2f", $0) } ?? "              -"))
            }
        }
        let listed = report.problems.filter { listWarnings || $0.severity == .error }
        for problem in listed {
            lines.append("\(problem.severity.rawValue): [\(problem.kind.rawValue)] \(problem.message)"
                         + (problem.location.map { " — at \($0)" } ?? ""))
        }
        if !listWarnings && report.warningCount > 0 { lines.append("(\(count(report.warningCount, "warning")) not listed: --warnings lists them)") }
        if let geojson { lines.append("problems written to \(geojson) (GeoJSON, one feature per problem)") }
        return lines.joined(separator: "\n")
    }
}
