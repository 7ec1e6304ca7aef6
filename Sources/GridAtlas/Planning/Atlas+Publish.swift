import Foundation
import GridDomain
import GridImport
import GridPlanning
import GridStore

/// Publishing: a generation takes effect only once its topology check finds no error, so that
/// every point of the district has exactly one grid from the effective date on. Warnings
/// (slivers, spikes, small gaps, code order) do not block; they come back to be listed.
extension Atlas {
    /// Validates draft `name`, refuses with every error when there is one, else publishes it from
    /// `effectiveFrom` and returns the generation with the check's report (its warnings).
    public func publishChecked(_ name: String, effectiveFrom: Date, backdate: Bool = false,
                               tolerances: TopologyTolerances = .standard) throws -> (generation: Generation, report: TopologyReport) {
        let draft = try requireDraft(name)
        let report = try validate(generation: draft.name, tolerances: tolerances)
        guard report.isPublishable else { throw PublishRefused(name: name, report: report) }
        let generation = try store.publish(name, effectiveFrom: effectiveFrom, backdate: backdate)
        invalidate()
        indexPublished(generation, units: try store.units(inGeneration: generation.id))
        return (generation, report)
    }

    /// The gate for an import published in one go: the units as the generation would hold them.
    /// With what the import's validation `established`, only the errors are looked for, and not
    /// again where it proved there are none (the refusal then lists errors only, as it always
    /// showed them).
    static func requirePublishable(_ name: String, units: [AreaUnit], errorAreaM2: Double,
                                   established: TopologyCheck.Established? = nil) throws {
        let tolerances = (try? TopologyTolerances(errorAreaM2: errorAreaM2)) ?? .standard
        let check = TopologyCheck(tolerances: tolerances)
        let report = established.map { check.errors(in: units, established: $0) } ?? check.run(units)
        guard report.isPublishable else { throw PublishRefused(name: name, report: report) }
    }

    /// The validator's findings about `imported` (which follow `existing` units in the list the
    /// gate checks) in the gate's terms: every imported unit is valid (else the import was
    /// refused), and the proven parents by their place in the list.
    static func established(_ findings: UnitValidator.Findings, imported: [AreaUnit], after existing: Int) -> TopologyCheck.Established {
        var tiled = Set<Int>()
        for (i, unit) in imported.enumerated() where findings.tiledParents.contains(unit.code) { tiled.insert(existing + i) }
        return TopologyCheck.Established(valid: Set(existing..<(existing + imported.count)), tiledParents: tiled)
    }
}

/// A generation that cannot be published while its topology check finds errors.
public struct PublishRefused: Error, CustomStringConvertible {
    public var name: String
    public var report: TopologyReport

    /// One line per error, as the check words them.
    public var errors: [String] { report.errors.map { "\($0.tier.rawValue) \($0.codes.joined(separator: ", ")): \($0.message)" } }

    public var description: String {
        let shown = errors.prefix(20).map { "\n  - \($0)" }.joined()
        let more = errors.count > 20 ? "\n  ... and \(errors.count - 20) more (gridatlas validate \(name) lists them all)" : ""
        return "cannot publish '\(name)': its topology check finds \(report.errorCount) error\(report.errorCount == 1 ? "" : "s") (gaps, overlaps, spills, invalid shapes or code problems); fix them in the draft, then publish\(shown)\(more)"
    }
}
