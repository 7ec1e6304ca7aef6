import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Counts per tier, vertices, area and extent of a generation, and the roster size."
    )
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("The generation to describe. Default: the one in force at --at.", valueName: "name"))
    var generation: String?

    @Option(help: ArgumentHelp("The moment whose generation to describe. Default: now.", valueName: "date"))
    var at: String?

    func run() throws {
        try failing {
            let moment = try at.map(Dates.require) ?? Date()
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            let g = try atlas.generation(named: generation, at: moment)
            let summary = try atlas.store.summary(ofGeneration: g.id)
            print("store \(atlas.store.path)")
            print("generation '\(g.name)' (\(g.status(at: Date()).rawValue), from \(g.effectiveFrom.map(Dates.format) ?? "-") to \(g.effectiveTo.map(Dates.format) ?? "-"))")
            print("tier          units   vertices     area km²")
            for row in summary.tiers {
                print(row.tier.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                      + String(row.units).leftPadded(7) + String(row.vertices).leftPadded(11)
                      + String(format: "%13.3f", row.areaM2 / 1e6))
            }
            let e = summary.extent
            print(String(format: "extent lon %.6f .. %.6f, lat %.6f .. %.6f (WGS84)", e.minLon, e.maxLon, e.minLat, e.maxLat))
            print("roster \(try atlas.roster().count) entries")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
