import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridGeoPackage
import GridGeometry
import GridStore

/// `gridatlas export GEN --output FILE.gpkg`: a generation as a GeoPackage for QGIS, to edit and
/// bring back with `gridatlas import units FILE.gpkg --generation DRAFT`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a generation's units as a GeoPackage (one layer per tier), for QGIS or GDAL.",
        discussion: """
            Layers are named after the tiers (district, subdistrict, community, grid, micro_area) with \
            columns fid, geom, code, name, parent_code, households, population, area_m2, attributes \
            and one column per free attribute every unit of the tier has; each layer has an R-tree \
            index. Edit it in QGIS and import it back into a draft: gridatlas import units FILE.gpkg \
            --generation NAME. See docs/geopackage.md.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("The generation to export (drafts included).", valueName: "generation"))
    var generation: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The GeoPackage file to write.", valueName: "file.gpkg"))
    var output: String

    @Option(name: .customLong("tier"), help: ArgumentHelp("Export only this tier; repeat for several. Default: every tier.", valueName: "tier"))
    var tiers: [String] = []

    @Option(help: ArgumentHelp("The CRS the file declares: EPSG:4326 (default) or EPSG:4490 (CGCS2000, same numbers).", valueName: "crs"))
    var crs: String = "EPSG:4326"

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        for name in tiers where Tier(name: name) == nil {
            throw ValidationError("unknown tier '\(name)': use district, subdistrict, community, grid or micro_area")
        }
    }

    func run() throws {
        try failing {
            let declared = try ExportCRS(try CRS(parsing: crs))
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            let export = try atlas.exportGeoPackage(generation: generation, to: output, tiers: Set(tiers.compactMap(Tier.init(name:))),
                                                    crs: declared, overwrite: force)
            let layers = export.layers.map { "\($0.features) \($0.tier.rawValue)" }.joined(separator: ", ")
            print("exported generation '\(export.generation.name)' to \(output) (\(declared.rawValue)): \(layers)")
        }
    }
}
