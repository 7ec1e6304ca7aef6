import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore

/// One demo store shared by the read-only query suites: importing the demo validates every unit
/// with GEOS, and these tests only read.
enum DemoQueries {
    static let loaded: (scratch: Scratch, atlas: Atlas) = try! DemoFiles.loaded()
    static var atlas: Atlas { loaded.atlas }
    static let moment = Dates.parse("2026-03-02T09:15:00+08:00")!

    static func view() throws -> GenerationView {
        try atlas.view(for: try atlas.generation(named: "2024", at: moment))
    }

    /// The stored units of the demo generation, read straight from the store (not through the view).
    static func storedUnits() throws -> [AreaUnit] {
        let generation = try require_(try atlas.store.generation(named: "2024"))
        return try atlas.store.units(inGeneration: generation.id)
    }
}

struct Missing: Error {}

/// `#require` outside a test function.
func require_<T>(_ value: T?) throws -> T {
    guard let value else { throw Missing() }
    return value
}
