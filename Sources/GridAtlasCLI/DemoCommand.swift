import ArgumentParser
import Foundation
import GridDomain
import GridImport
import GridSynth

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a synthetic district (units GeoJSON and roster CSV), the same for the same seed.",
        discussion: "tools/make-demo uses this to write data/demo; --grids makes a larger set (e.g. 19000, as large as Zhengzhou's)."
    )

    @Option(help: ArgumentHelp("Output folder.", valueName: "dir"))
    var out = "data/demo"

    @Option(help: ArgumentHelp("Number of grids; default: the 110-grid demo district.", valueName: "n"))
    var grids: Int?

    @Option(help: "Seed of the generator.")
    var seed: UInt64?

    func run() throws {
        var config = grids.map { SyntheticDistrict.Config.benchmark(grids: $0) } ?? .demo
        if let seed { config.seed = seed }
        let district = SyntheticDistrict(config)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data(UnitFeatureWriter.featureCollection(district.units).utf8).write(to: URL(fileURLWithPath: "\(out)/units.geojson"))
        try Data(RosterWriter.csv(district.roster).utf8).write(to: URL(fileURLWithPath: "\(out)/roster.csv"))
        let counts = Dictionary(grouping: district.units, by: \.tier).mapValues(\.count)
        print("wrote \(out)/units.geojson (" + Tier.allCases.compactMap { t in counts[t].map { "\($0) \(t.rawValue)" } }.joined(separator: ", ")
              + ") and \(out)/roster.csv (\(district.roster.count) entries)")
    }
}
