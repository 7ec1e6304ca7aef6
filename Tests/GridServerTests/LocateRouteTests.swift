import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Testing

@Suite("Locate over HTTP")
struct LocateRouteTests {
    /// A point inside some grid of the demo, and its expected answer from the Atlas itself.
    static func samplePoints(_ atlas: Atlas, count: Int) throws -> [LonLat] {
        let generation = try atlas.generation(named: "2024", at: Date())
        let locator = try atlas.locator(for: generation)
        // The Locator keeps no shapes: they come from the store, in the same (code) order.
        let shapes = try atlas.store.units(inGeneration: generation.id).map(\.geometry)
        var points: [LonLat] = []
        for (id, unit) in locator.units.enumerated() where unit.tier == .grid && points.count < count {
            if let p = GridGeometryProbe.interior(of: shapes[id]) { points.append(p) }
        }
        points.append(LonLat(108.0, 24.0))  // outside the district
        return points
    }

    @Test func answerEqualsTheAtlasAndHidesPhonesFromAnonymousCallers() async throws {
        try await withLiveServer { client, atlas in
            for p in try Self.samplePoints(atlas, count: 20) {
                let expected = try atlas.resolve(p, converter: CoordinateConverter(from: .wgs84))
                let response = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)")
                #expect(response.status == .ok)
                let answer = try JSONDecoder().decode(Resolution.self, from: Data(response.text.utf8))
                #expect(answer.units == expected.units)
                #expect(answer.status == expected.status)
                #expect(answer.workers.map(\.id) == expected.workers.map(\.id))
                #expect(answer.workers.allSatisfy { $0.phone == nil })
                #expect(answer.nearest?.code == expected.nearest?.code)
            }
        }
    }

    @Test(arguments: [AccessRole.viewer, .dispatcher, .planner, .admin])
    func phonesOnlyForDispatcherAndAbove(role: AccessRole) async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.samplePoints(atlas, count: 1)[0]
            let answer = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)", as: role).json
            let workers = try #require(answer["workers"] as? [[String: Any]])
            #expect(!workers.isEmpty)
            let phones = workers.compactMap { $0["phone"] as? String }
            #expect(phones.count == (role >= .dispatcher ? workers.count : 0))
            #expect(response(answer["responsible"], hasPhone: role >= .dispatcher))
        }
    }

    private func response(_ responsible: Any?, hasPhone: Bool) -> Bool {
        guard let worker = responsible as? [String: Any] else { return false }
        return (worker["phone"] != nil) == hasPhone
    }

    @Test func gcj02AndBD09InputsFindTheSameGrid() async throws {
        try await withLiveServer { client, atlas in
            for p in try Self.samplePoints(atlas, count: 10).dropLast() {
                let wgs = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)").json["units"] as? [[String: Any]]
                for crs in [CRS.gcj02, .bd09] {
                    let shifted = try CoordinateConverter(from: crs).fromWGS84(p)
                    let other = try await client.call("/locate?lon=\(shifted.lon)&lat=\(shifted.lat)&crs=\(crs)").json
                    #expect((other["units"] as? [[String: Any]])?.map { $0["code"] as? String } == wgs?.map { $0["code"] as? String })
                }
            }
        }
    }

    @Test func mapItAliasListsEveryAreaKeyedByCode() async throws {
        try await withLiveServer { client, atlas in
            let p = try Self.samplePoints(atlas, count: 1)[0]
            let expected = try atlas.resolve(p, converter: CoordinateConverter(from: .wgs84))
            let areas = try await client.call("/point/4326/\(p.lon),\(p.lat)").json
            #expect(Set(areas.keys) == Set(expected.units.map(\.code)))
            for (index, unit) in expected.units.enumerated() {
                let area = try #require(areas[unit.code] as? [String: Any])
                #expect(area["name"] as? String == unit.name)
                #expect(area["type"] as? String == unit.tier)
                #expect(area["parent_area"] as? String == (index == 0 ? nil : expected.units[index - 1].code))
            }
            let outside = try await client.call("/point/wgs84/100.0,20.0")
            #expect(outside.status == .ok && outside.json.isEmpty)
        }
    }

    @Test func manyConcurrentLookupsAnswerLikeSequentialOnes() async throws {
        try await withLiveServer { client, atlas in
            let points = try Self.samplePoints(atlas, count: 60)
            var sequential: [String] = []
            for p in points { sequential.append(try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)&at=2025-01-01").text) }
            let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for round in 0..<4 {
                    for (i, p) in points.enumerated() {
                        group.addTask { (i + round * 0, try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)&at=2025-01-01").text) }
                    }
                }
                var answers: [(Int, String)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            #expect(concurrent.count == points.count * 4)
            for (i, text) in concurrent { #expect(text == sequential[i]) }
        }
    }

    @Test func theRosterOfTheReportsMomentAnswers() async throws {
        try await withLiveServer { client, atlas in
            // Find a grid whose workers differ between two moments of the demo roster.
            let roster = try atlas.roster()
            let early = Dates.parse("2024-06-01")!, late = Dates.parse("2026-06-01")!
            let generation = try atlas.generation(named: nil, at: late)
            let locator = try atlas.locator(for: generation)
            // The Locator keeps no shapes: they come from the store, in the same (code) order.
            let shapes = try atlas.store.units(inGeneration: generation.id).map(\.geometry)
            guard let id = locator.units.indices.first(where: { id in
                locator.units[id].tier == .grid && roster.workers(of: locator.units[id].code, at: early).map(\.workerId)
                    != roster.workers(of: locator.units[id].code, at: late).map(\.workerId)
            }) else { Issue.record("the demo roster has no change"); return }
            let p = try #require(GridGeometryProbe.interior(of: shapes[id]))
            for moment in ["2024-06-01", "2026-06-01"] {
                let answer = try await client.call("/locate?lon=\(p.lon)&lat=\(p.lat)&at=\(moment)").json
                let ids = (answer["workers"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                #expect(ids == roster.workers(of: locator.units[id].code, at: Dates.parse(moment)!).map(\.workerId))
            }
        }
    }
}

/// An interior point of a shape, from GEOS.
enum GridGeometryProbe {
    static func interior(of shape: MultiPolygon) -> LonLat? {
        let geos = GEOSContext()
        return (try? geos.geometry(shape)).flatMap { geos.pointOnSurface($0) }
    }
}

@Suite("Hand-written answer JSON")
struct ResolutionJSONTests {
    @Test func equalsWhatJSONEncoderWrites() throws {
        let atlas = try DemoStore.copy()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var points = try LocateRouteTests.samplePoints(atlas, count: 30)
        points += [LonLat(108.30, 24.31), LonLat(108.4127, 24.2987)]
        for (i, p) in points.enumerated() {
            var answer = try atlas.resolve(p, converter: CoordinateConverter(from: .wgs84), accuracy: i % 3 == 0 ? 150 : nil)
            if i % 2 == 0 { answer = answer.withoutPhones() }
            if i == 1 { answer.units[0].name = "quote \" back\\slash\nnew\u{01}line" }
            let hand = answer.jsonBytes()
            let reference = try encoder.encode(answer)
            let a = try JSONSerialization.jsonObject(with: Data(hand)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: reference) as? NSDictionary
            #expect(a != nil && a == b, "\(String(decoding: hand, as: UTF8.self))")
            #expect(try JSONDecoder().decode(Resolution.self, from: Data(hand)) == answer)
            #expect(answer.jsonBytes(includePhones: false) == answer.withoutPhones().jsonBytes())
        }
    }
}
