import Foundation
import GridDomain
import GridGeoPackage
import GridStore

/// GeoPackage export: a generation's units as one feature table per tier, for planners to edit
/// in QGIS and import back into a draft (``Atlas/importUnits(files:crs:crsIsExplicit:generation:toleranceM2:publishAt:backdate:note:format:)``
/// reads GeoPackages too).
extension Atlas {
    public struct GeoPackageExport: Sendable {
        public var generation: Generation
        public var layers: [GeoPackageWriter.Layer]
    }

    /// Writes generation `name` (drafts included) to a new GeoPackage at `path`.
    ///
    /// - Parameters:
    ///   - tiers: the tiers to export; nil or empty for all the generation holds.
    ///   - crs: the CRS the file declares (the numbers are WGS84 lon/lat either way).
    ///   - overwrite: replace an existing file instead of refusing.
    public func exportGeoPackage(generation name: String, to path: String, tiers: Set<Tier>? = nil, crs: ExportCRS = .wgs84,
                                 overwrite: Bool = false) throws -> GeoPackageExport {
        guard let generation = try store.generation(named: name) else { throw StoreError.generationNotFound(name) }
        let all = try store.units(inGeneration: generation.id)
        let wanted = tiers.flatMap { $0.isEmpty ? nil : $0 }
        let units = wanted.map { set in all.filter { set.contains($0.tier) } } ?? all
        guard !units.isEmpty else {
            let which = wanted.map { " of tier " + $0.sorted().map(\.rawValue).joined(separator: ", ") } ?? ""
            throw GeoPackageWriteError.nothingToWrite("generation '\(name)' has no units\(which)")
        }
        let layers = try GeoPackageWriter(crs: crs, title: "generation \(name)")
            .write(units, areas: try store.unitAreas(inGeneration: generation.id), to: path, overwrite: overwrite)
        return GeoPackageExport(generation: generation, layers: layers)
    }

    /// The same export as bytes (for an HTTP answer): written to a temporary file, read, removed.
    public func geoPackageData(generation name: String, tiers: Set<Tier>? = nil, crs: ExportCRS = .wgs84) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gridatlas-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("export.gpkg").path
        _ = try exportGeoPackage(generation: name, to: path, tiers: tiers, crs: crs)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
