import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Synchronization
import Testing

/// The index file a published generation's Locator is kept in beside the store: written when the
/// generation is published, mapped by the next process instead of rebuilt, and never trusted
/// when it is damaged, cut short, of another format or built for something else.
@Suite struct StoredIndexTests {
    /// Notices an Atlas gives, collected for the test to read.
    final class Notices: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var sink: @Sendable (String) -> Void { { [self] line in lines.withLock { $0.append(line) } } }
    }

    func freshAtlas(_ scratch: Scratch) throws -> (Atlas, Notices) {
        let notices = Notices()
        return (Atlas(store: try GridStore(path: scratch.storePath), notice: notices.sink), notices)
    }

    func generation(_ atlas: Atlas) throws -> Generation { try #require(try atlas.store.generation(named: "2024")) }

    func indexFile(_ atlas: Atlas) throws -> URL {
        atlas.store.indexFolder.appendingPathComponent("generation-\(try generation(atlas).id).locator")
    }

    /// Positions that test every path: inside (empty and busy cells), on every 5th vertex and edge
    /// midpoint, in no grid nearby and far away.
    static func probes(_ units: [AreaUnit]) -> [LonLat] {
        var points: [LonLat] = []
        var box = BoundingBox.empty
        for unit in units where unit.tier == .grid {
            box.extend(unit.geometry.bounds)
            let ring = unit.geometry.polygons[0].exterior.points
            for k in stride(from: 0, to: ring.count - 1, by: 5) {
                points.append(ring[k])
                points.append(LonLat((ring[k].lon + ring[k + 1].lon) / 2, (ring[k].lat + ring[k + 1].lat) / 2))
            }
        }
        var state: UInt64 = 42
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let w = box.maxLon - box.minLon, h = box.maxLat - box.minLat
        for _ in 0..<20_000 { points.append(LonLat(box.minLon - 0.2 * w + 1.4 * w * unit(), box.minLat - 0.2 * h + 1.4 * h * unit())) }
        points += [LonLat(box.minLon - 3, box.minLat), LonLat(box.maxLon + 40, box.maxLat + 20), LonLat(-120, -40)]
        return points
    }

    /// Same units, chains and nearest grids as a Locator built in memory from the store's units.
    func expectSameAnswers(_ locator: Locator, as units: [AreaUnit]) {
        let built = Locator(units: units)
        #expect(locator.units == built.units)
        var differ = 0, nearestDiffer = 0
        for p in Self.probes(units) {
            let a = locator.locate(p), b = built.locate(p)
            if a != b { differ += 1 }
            if a.grid < 0 {
                let na = locator.nearest(to: p), nb = built.nearest(to: p)
                if na?.unit != nb?.unit || na?.metres != nb?.metres { nearestDiffer += 1 }
            }
        }
        #expect(differ == 0)
        #expect(nearestDiffer == 0)
    }

    @Test func publishingWritesTheIndexAndTheNextProcessMapsIt() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let file = try indexFile(atlas)
        #expect(FileManager.default.fileExists(atPath: file.path), "publishing writes the index")
        let (fresh, notices) = try freshAtlas(scratch)
        let locator = try fresh.locator(for: try generation(fresh))
        #expect(notices.all.isEmpty, "a good index is used silently: \(notices.all)")
        expectSameAnswers(locator, as: try fresh.store.units(inGeneration: try generation(fresh).id))
        // The mapped Locator answers through the Atlas as the built one did.
        let answer = try fresh.resolve(LonLat(108.43, 24.31), converter: try CoordinateConverter(from: .wgs84), at: DemoFiles.jan2024)
        #expect(answer.status == "inside")
    }

    /// Damage of each kind is found, said once with its reason, and the index rebuilt and rewritten.
    @Test(arguments: ["flip", "truncate", "format", "foreign", "empty", "garbage"])
    func aBadIndexIsRebuiltOnceWithALine(_ damage: String) throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let file = try indexFile(atlas)
        var bytes = try Data(contentsOf: file)
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x10
        case "truncate": bytes = bytes.prefix(bytes.count / 3)
        case "format": bytes[8] = 0  // the format version
        case "foreign":
            // A valid index, but of another generation: its key names that one.
            let other = try atlas.importUnits(files: [("units.geojson", DemoFiles.units)], crs: .wgs84, crsIsExplicit: false,
                                              generation: "2030", publishAt: Dates.parse("2030-01-01")!)
            bytes = try Data(contentsOf: atlas.store.indexFolder.appendingPathComponent("generation-\(other.generation.id).locator"))
        case "empty": bytes = Data()
        default: bytes = Data(repeating: 0x41, count: 4096)
        }
        try bytes.write(to: file)

        let (fresh, notices) = try freshAtlas(scratch)
        let locator = try fresh.locator(for: try generation(fresh))
        #expect(notices.all.count == 1)
        #expect(notices.all.first?.contains("was not used") == true, "\(notices.all)")
        let reason: String = switch damage {
        case "flip": "checksum"
        case "truncate", "empty", "garbage": "cut short"
        case "format": "index format"
        default: "built for"
        }
        #expect(notices.all.first?.contains(reason) == true, "\(notices.all)")
        expectSameAnswers(locator, as: try fresh.store.units(inGeneration: try generation(fresh).id))

        // Rewritten: the next process maps it without a word.
        let (third, quiet) = try freshAtlas(scratch)
        _ = try third.locator(for: try generation(third))
        #expect(quiet.all.isEmpty, "\(quiet.all)")
    }

    @Test func aStoreFromBeforeIndexFilesBuildsItOnce() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        try FileManager.default.removeItem(at: atlas.store.indexFolder)
        let (fresh, notices) = try freshAtlas(scratch)
        _ = try fresh.locator(for: try generation(fresh))
        #expect(notices.all.count == 1 && notices.all[0].contains("no stored index yet"), "\(notices.all)")
        #expect(FileManager.default.fileExists(atPath: try indexFile(fresh).path))
    }

    /// A writer killed before its rename leaves only a temporary file: ignored, then swept away.
    @Test func aTemporaryFileOfAKilledWriterIsHarmless() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let file = try indexFile(atlas)
        try FileManager.default.removeItem(at: file)
        // pid 4194303 is the largest Linux allows; nothing runs under it here.
        let leftover = atlas.store.indexFolder.appendingPathComponent(".\(file.lastPathComponent).4194303.7.tmp")
        try Data(repeating: 0, count: 1000).write(to: leftover)
        let (fresh, notices) = try freshAtlas(scratch)
        _ = try fresh.locator(for: try generation(fresh))
        #expect(notices.all.count == 1)
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    /// A folder the process may not write to: the Locator is still answered from memory, and said.
    @Test func anUnwritableFolderKeepsTheIndexInMemory() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let folder = atlas.store.indexFolder
        try FileManager.default.removeItem(at: folder)
        try Data("not a folder".utf8).write(to: folder)  // where the folder should be
        let (fresh, notices) = try freshAtlas(scratch)
        let locator = try fresh.locator(for: try generation(fresh))
        #expect(notices.all.contains { $0.contains("could not be stored") }, "\(notices.all)")
        expectSameAnswers(locator, as: try fresh.store.units(inGeneration: try generation(fresh).id))
    }
}
