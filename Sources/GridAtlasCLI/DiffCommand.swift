import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridPlanning
import GridStore

/// `gridatlas diff OLD NEW`: what a redraw changes (docs/diff-balance.md), as a summary to read,
/// the JSON the HTTP route answers, or GeoJSON layers written to a file.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Units added, removed and changed between two generations; ground, households, reports and workers that move."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The base generation (usually the one in force).")
    var old: String

    @Argument(help: "The generation compared with it (usually a draft).")
    var new: String

    @Option(help: ArgumentHelp("district, subdistrict, community, grid or micro_area.", valueName: "tier"))
    var tier = "grid"

    @Option(help: ArgumentHelp("Stored reports of the last N days are relocated (1-3650).", valueName: "N"))
    var days = 90

    @Option(help: ArgumentHelp("Write a GeoJSON layer of the moved ground (or of the units, see --layer) to this file.", valueName: "file"))
    var geojson: String?

    @Option(help: ArgumentHelp("The GeoJSON layer: flows (moved ground) or units (added, removed, changed).", valueName: "layer"))
    var layer = "flows"

    @Option(help: ArgumentHelp("Flows and report pairs listed in the summary.", valueName: "N"))
    var top = 10

    @Flag(help: "Print JSON (as the HTTP API answers) instead of a summary.")
    var json = false

    func validate() throws {
        guard Atlas.planningDays.contains(days) else { throw ValidationError("--days must be 1...3650, got \(days)") }
        guard DiffGeoJSON.Layer(rawValue: layer) != nil else { throw ValidationError("--layer takes flows or units, got '\(layer)'") }
        guard top >= 0 else { throw ValidationError("--top must be 0 or more, got \(top)") }
    }

    func run() throws {
        try failing {
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            let answer = try atlas.generationDiff(new, against: old, tier: try Tier.query(tier), days: days)
            if let geojson {
                let bytes = DiffGeoJSON.bytes(answer.diff, layer: DiffGeoJSON.Layer(rawValue: layer)!)
                guard FileManager.default.createFile(atPath: geojson, contents: Data(bytes)) else {
                    throw ValidationError("cannot write '\(geojson)'")
                }
            }
            if json { return try PlanningOutput.printJSON(answer) }
            print(summary(answer))
            if let geojson { print("GeoJSON layer '\(layer)' written to \(geojson)") }
        }
    }

    func summary(_ answer: GenerationDiffAnswer) -> String {
        let s = answer.summary, d = answer.diff
        var lines = ["\(answer.tier.rawValue) tier, '\(answer.old)' → '\(answer.new)': \(d.unitsBefore) → \(d.unitsAfter) units",
                     "added \(s.added), removed \(s.removed), changed \(s.changed), unchanged \(s.unchanged)",
                     String(format: "ground moved: %d flow%@, %.0f m² (%.3f km²); households moved %.1f, population %.1f (area-weighted)",
                            s.flows, s.flows == 1 ? "" : "s", s.areaMovedM2, s.areaMovedM2 / 1e6, s.householdsMoved, s.populationMoved)]
        if !d.flows.isEmpty {
            lines.append("largest flows:")
            lines.append(PlanningOutput.row(["from", "to", "m²", "share", "households"], [16, 16, 12, 8, 10]))
            for flow in d.flows.prefix(top) {
                lines.append(PlanningOutput.row([flow.from, flow.to, String(format: "%.0f", flow.areaM2),
                                                 String(format: "%.1f%%", flow.shareOfFrom * 100),
                                                 flow.households.map { String(format: "%.1f", $0) } ?? "-"], [16, 16, 12, 8, 10]))
            }
        }
        let changedFields = Dictionary(grouping: d.changed.flatMap(\.fields), by: { $0 }).mapValues(\.count)
        if !changedFields.isEmpty {
            lines.append("changed fields: " + UnitField.allCases.compactMap { f in changedFields[f].map { "\(f.rawValue) \($0)" } }.joined(separator: ", "))
        }
        lines.append("reports of the last \(answer.days) days: \(answer.reports.reportsChecked) checked, \(s.reportsRelocated) would land in another \(answer.tier.rawValue)")
        for pair in answer.reports.pairs.prefix(top) {
            lines.append("  \(pair.from ?? "(none)") → \(pair.to ?? "(none)"): \(pair.count)")
        }
        lines.append("workers affected: \(s.workersAffected) in \(answer.workers.unitsAffected) units")
        return lines.joined(separator: "\n")
    }
}

/// Printing shared by the planning commands.
enum PlanningOutput {
    /// Cells padded to column widths, counting a Chinese character as two terminal columns.
    static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { cell, width in
            var out = "", used = 0
            for character in cell {
                let columns = (character.unicodeScalars.first?.value ?? 0) >= 0x2E80 ? 2 : 1
                if used + columns > width { break }
                out.append(character)
                used += columns
            }
            return out + String(repeating: " ", count: max(0, width - used) + 1)
        }.joined()
    }

    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys, .prettyPrinted]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
