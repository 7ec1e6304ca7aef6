import GridDomain
import GridGeometry
import GridSynth

/// The demo district and its Locator, built once for all tests of this target.
enum Demo {
    static let district = SyntheticDistrict(.demo)
    static let locator = Locator(units: district.units)
    static var grids: [AreaUnit] { district.grids }

    /// A deterministic spread of points over the district's extent.
    static func points(_ count: Int, seed: UInt64 = 1) -> [LonLat] {
        let box = district.units.first { $0.tier == .district }!.geometry.bounds
        var rng = SplitMix(seed: seed)
        return (0..<count).map { _ in
            LonLat(box.minLon + rng.unit() * (box.maxLon - box.minLon), box.minLat + rng.unit() * (box.maxLat - box.minLat))
        }
    }
}
