import Foundation
import GridGeometry
@testable import GridImport
import Testing

/// The threads' stretches: taken on a large clean array, given up (for reading in order) when a
/// guess is wrong. `UnitFeatureReaderTests` holds the outcome to one thread's either way.
@Suite struct StretchReadingTests {
    /// Whether the features array of `text` is read in stretches, and how many features it holds then.
    func stretched(_ text: String) -> Int? {
        let data = Data(text.utf8)
        return data.withUnsafeBytes { raw -> Int? in
            var settings = UnitFeatureReader(source: "t.geojson", crs: .wgs84, crsIsExplicit: false)
            settings.threads = 2
            let reader = UnitDocumentReader(raw.assumingMemoryBound(to: UInt8.self), settings: settings)
            guard let at = text.utf8.firstIndex(of: UInt8(ascii: "[")) else { return nil }
            return reader.readInStretches(arrayAt: text.utf8.distance(from: text.utf8.startIndex, to: at), crs: .wgs84)?.0.count
        }
    }

    @Test func aLargeCleanArrayIsReadInStretches() {
        #expect(stretched(Doc.collection(UnitFeatureReaderTests.grids(3_000))) == 3_000)
        // Small arrays are read by one thread.
        #expect(stretched(Doc.collection(UnitFeatureReaderTests.grids(100))) == nil)
    }

    @Test func wrongGuessesGiveTheArrayBack() {
        let grids = UnitFeatureReaderTests.grids(3_000)
        // Most bytes inside objects within properties: every cut's guess lands on one of them.
        let objects = "\"x\":[" + Array(repeating: "{\"a\":1}", count: 300).joined(separator: ", ") + "],"
        let lookalikes = grids.map { $0.replacingOccurrences(of: "\"k\":", with: objects + "\"k\":") }
        #expect(stretched(Doc.collection(lookalikes)) == nil)
        var broken = grids
        broken[2_000] = String(broken[2_000].dropLast(2))
        #expect(stretched(Doc.collection(broken)) == nil)
    }
}
