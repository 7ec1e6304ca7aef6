import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import units (GeoJSON or GeoPackage) or a roster (CSV). All or nothing: a rejected file stores nothing.",
        subcommands: [Units.self, RosterFile.self]
    )

    struct Units: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import tiered units from GeoJSON FeatureCollections or GeoPackages into a draft generation.",
            discussion: """
                Each feature needs properties `code` and `name`; `tier` and `parent` are read from \
                the code when absent; `households` and `population` are optional. Every vertex is \
                converted from --crs to WGS84. The import is refused as a whole, with every problem \
                listed by file, feature index, code and field, for: invalid geometry, unknown CRS, \
                coordinates out of range, duplicate codes, a code not extending its parent's, a \
                missing parent, a broken tier order, a unit spilling outside its parent or \
                overlapping a sibling by more than --tolerance m². A GeoPackage (.gpkg, told by its \
                SQLite header) is read layer by layer, columns named as the properties above, each \
                layer in the CRS it declares; problems name the layer, fid and column (docs/geopackage.md).
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("GeoJSON or GeoPackage files; all land in the same generation.", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("CRS of the files: EPSG:<code>, wgs84, cgcs2000, gcj02 or bd09. Default EPSG:4326, or the file's own crs member.", valueName: "crs"))
        var crs: String?

        @Option(help: ArgumentHelp("Generation to import into; created as a draft when new.", valueName: "name"))
        var generation: String

        @Flag(help: "Publish the generation once imported.")
        var activate = false

        @Option(help: ArgumentHelp("With --activate: the moment it takes effect (2026-01-01 is midnight UTC+08:00). Default: now.", valueName: "date"))
        var effective: String?

        @Flag(help: "With --activate: allow a date in the past when another generation is already published.")
        var backdate = false

        @Option(help: ArgumentHelp("Area in m² a child may spill outside its parent, or siblings overlap, before the import is refused.", valueName: "m2"))
        var tolerance: Double = 1.0

        @Option(help: "A note stored with a new generation.")
        var note: String?

        func validate() throws {
            if (effective != nil || backdate) && !activate { throw ValidationError("--effective and --backdate go with --activate") }
            guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be 0 or more square metres") }
        }

        func run() throws {
            try failing {
                let parsedCRS = try CRS(parsing: crs ?? "EPSG:4326")
                let effectiveDate = try effective.map(Dates.require) ?? Dates.now()
                let files = try files.map { (name: $0, data: try readFile($0)) }
                let atlas = Atlas(store: try GridStore(path: storeOptions.path))
                let result = try atlas.importUnits(files: files, crs: parsedCRS, crsIsExplicit: crs != nil, generation: generation,
                                                   toleranceM2: tolerance, publishAt: activate ? effectiveDate : nil,
                                                   backdate: backdate, note: note)
                let counts = Tier.allCases.compactMap { tier in result.counts[tier].map { "\($0) \(tier.rawValue)" } }
                print("imported \(counts.joined(separator: ", ")) into generation '\(result.generation.name)' (\(result.generation.status(at: Date()).rawValue))")
                if let from = result.generation.effectiveFrom { print("in force from \(Dates.format(from))") }
            }
        }
    }

    struct RosterFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roster",
            abstract: "Import grid workers from CSV: worker_id,name,phone,role,unit_code[,valid_from,valid_to].",
            discussion: "role is leader, fulltime or parttime; unit_code must exist in some generation; valid_to is exclusive."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The roster CSV file.", valueName: "file"))
        var file: String

        @Flag(help: "Replace the whole stored roster instead of adding to it.")
        var replace = false

        func run() throws {
            try failing {
                let data = try readFile(file)
                let atlas = Atlas(store: try GridStore(path: storeOptions.path))
                let count = try atlas.importRoster(name: file, data: data, replace: replace)
                print("imported \(count) roster entries\(replace ? " (roster replaced)" : "")")
            }
        }
    }
}
