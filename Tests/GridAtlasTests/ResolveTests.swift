import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
import Testing

@Suite struct ResolveTests {
    let wgs = try! CoordinateConverter(from: .wgs84)
    let moment = Dates.parse("2026-03-02T09:15:00+08:00")!

    @Test func aKnownPointGetsEveryTierAndItsWorkers() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let answer = try atlas.resolve(LonLat(108.43, 24.31), converter: wgs, at: moment)
        #expect(answer.status == "inside")
        #expect(answer.generation == "2024")
        #expect(answer.units.map(\.tier) == ["district", "subdistrict", "community", "grid"])
        #expect(answer.units[0].code == "450299" && answer.units[0].name == "青禾区")
        for (parent, child) in zip(answer.units, answer.units.dropFirst()) { #expect(child.code.hasPrefix(parent.code)) }
        #expect(answer.workers.first?.role == "leader")
        #expect(answer.workers.contains { $0.role == "parttime" })
        #expect(answer.responsible?.role == "fulltime")
        #expect(answer.workers.allSatisfy { !($0.phone ?? "").isEmpty })
    }

    @Test func sameAnswerInEveryCoordinateSystem() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let place = try DemoFiles.interiorPoint(of: "450299002001003", in: atlas)
        let expected = try atlas.resolve(place, converter: wgs, at: moment).units
        let gcj = ChinaOffset.gcj02(fromWGS84: place)
        let bd = ChinaOffset.bd09(fromWGS84: place)
        let gk = try ProjTransformer(from: "EPSG:4326", to: "EPSG:4545").forward(place)  // CGCS2000 GK zone 36, 108°E
        let inputs: [(LonLat, CRS)] = [(place, .cgcs2000), (place, .epsg(4490)), (gcj, .gcj02), (bd, .bd09), (gk, .epsg(4545))]
        for (position, crs) in inputs {
            let answer = try atlas.resolve(position, converter: try CoordinateConverter(from: crs), at: moment)
            #expect(answer.units == expected, "\(crs)")
            #expect(abs(answer.wgs84[0] - place.lon) < 1e-7 && abs(answer.wgs84[1] - place.lat) < 1e-7, "\(crs)")
        }
        // Sent as GCJ-02 but read as WGS84, a report lands hundreds of metres away.
        let misread = try atlas.resolve(gcj, converter: wgs, at: moment)
        let offset = Geodesic.wgs84.distance(place, LonLat(misread.wgs84[0], misread.wgs84[1]))
        #expect(offset > 100 && offset < 1_000)
    }

    @Test func outsideAnswersTheNearestGrid() throws {
        let (_, atlas) = try DemoFiles.loaded()
        let answer = try atlas.resolve(LonLat(108.30, 24.31), converter: wgs, at: moment)
        #expect(answer.status == "outside")
        #expect(answer.units.isEmpty && answer.workers.isEmpty)
        let nearest = try #require(answer.nearest)
        #expect(nearest.distanceM > 5_000 && nearest.distanceM < 7_000)
        #expect(nearest.code.count == 15)
    }

    @Test func accuracyCircleSharesSumToOne() throws {
        let (_, atlas) = try DemoFiles.loaded()
        // A vertex shared by several grids: the circle around it falls in all of them.
        let corner = try DemoFiles.interiorPoint(of: "450299001001001", in: atlas)
        let inside = try atlas.resolve(corner, converter: wgs, at: moment, accuracy: 2_000)
        let shares = try #require(inside.candidates)
        #expect(shares.count >= 3)
        #expect(abs(shares.reduce(0) { $0 + $1.share } + (inside.outsideShare ?? 0) - 1) < 1e-9)
        #expect(zip(shares, shares.dropFirst()).allSatisfy { $0.share >= $1.share })

        let central = try DemoFiles.interiorPoint(of: "450299002001003", in: atlas)
        let small = try #require(try atlas.resolve(central, converter: wgs, at: moment, accuracy: 300).candidates)
        #expect(abs(small.reduce(0) { $0 + $1.share } - 1) < 1e-6)

        let edge = try atlas.resolve(LonLat(108.30, 24.31), converter: wgs, at: moment, accuracy: 50)
        #expect(edge.candidates?.isEmpty == true && edge.outsideShare == 1)
        #expect(throws: AtlasError.badAccuracy(-5)) { _ = try atlas.resolve(central, converter: wgs, at: moment, accuracy: -5) }
    }

    @Test func reopeningTheStoreRebuildsTheSameIndex() throws {
        let (scratch, atlas) = try DemoFiles.loaded()
        let points = (0..<200).map { LonLat(108.36 + Double($0 % 20) * 0.007, 24.25 + Double($0 / 20) * 0.012) }
        let before = try points.map { try atlas.resolve($0, converter: wgs, at: moment) }
        let reopened = try scratch.atlas()
        #expect(try points.map { try reopened.resolve($0, converter: wgs, at: moment) } == before)
    }

    @Test func concurrentLookupsGiveTheSequentialAnswers() async throws {
        let (_, atlas) = try DemoFiles.loaded()
        let points = (0..<400).map { LonLat(108.36 + Double($0 % 20) * 0.007, 24.25 + Double($0 / 20) * 0.006) }
        let moment = self.moment
        let sequential = try points.map { try atlas.resolve($0, converter: wgs, at: moment) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, Resolution).self) { group in
            for (i, p) in points.enumerated() {
                // A converter per task: PROJ-backed converters are not shared between threads.
                group.addTask { (i, try atlas.resolve(p, converter: try CoordinateConverter(from: .wgs84), at: moment)) }
            }
            var out = [Resolution?](repeating: nil, count: points.count)
            for try await (i, r) in group { out[i] = r }
            return out.compactMap { $0 }
        }
        #expect(concurrent == sequential)
    }
}
