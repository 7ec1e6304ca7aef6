import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridImport
import GridPlanning
import GridServer
import GridStore
import GridSynth
import HummingbirdTesting
import Testing

/// The diff and balance routes on a real server over a copy of the demo store, against a
/// redraw of the demo saved as a draft; every expectation comes from the redraw's own record
/// and from the stored units, computed here.
@Suite("Generation diff and balance routes over HTTP")
struct DiffRouteTests {
    static let draft = "2024-redraw"
    static let dispatcher = CaseActor(id: "k-test", role: .dispatcher)

    /// Merges a pair of grids in every fourth community and moves one shared edge in every
    /// other remaining one, and imports the result as draft `2024-redraw`.
    @discardableResult
    static func saveRedraw(_ atlas: Atlas) throws -> SyntheticRedraw.Outcome {
        let base = try #require(try atlas.store.generation(named: "2024"))
        var redraw = SyntheticRedraw()
        redraw.mergeEvery = 4
        redraw.moveEvery = 2
        let outcome = redraw.apply(to: try atlas.store.units(inGeneration: base.id))
        let file = Data(UnitFeatureWriter.featureCollection(outcome.units).utf8)
        _ = try atlas.importUnits(files: [("redraw.geojson", file)], crs: .wgs84, crsIsExplicit: false, generation: draft)
        return outcome
    }

    static func units(_ atlas: Atlas, _ name: String) throws -> [String: AreaUnit] {
        let generation = try #require(try atlas.store.generation(named: name))
        return Dictionary(uniqueKeysWithValues: try atlas.store.units(inGeneration: generation.id).map { ($0.code, $0) })
    }

    static func file(_ atlas: Atlas, at position: LonLat, count: Int) throws {
        let desk = ReportDesk(atlas: atlas)
        for _ in 0..<count {
            var draft = ReportDraft(matterCode: "M001", position: position)
            draft.requestedAt = Date().addingTimeInterval(-86_400)
            _ = try desk.file(draft, by: dispatcher)
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func diffShowsEveryMergeAndMovedEdgeWithReportsAndWorkers() async throws {
        try await withLiveServer { client, atlas in
            let outcome = try Self.saveRedraw(atlas)
            let before = try Self.units(atlas, "2024"), after = try Self.units(atlas, Self.draft)
            let merge = try #require(outcome.merges.first), move = try #require(outcome.moves.first)
            // Reports: 2 in a grid merged away, 1 in the strip a moved edge hands over, 1 in an untouched grid.
            let geos = GEOSContext()
            let inRemoved = try #require(geos.pointOnSurface(try geos.geometry(before[merge.removed]!.geometry)))
            let strip = try geos.difference(try geos.geometry(after[move.grew]!.geometry), try geos.geometry(before[move.grew]!.geometry))
            let inStrip = try #require(geos.pointOnSurface(strip))
            let touched = Set(outcome.merges.flatMap { [$0.kept, $0.removed] } + outcome.moves.flatMap { [$0.grew, $0.shrank] })
            let quiet = try #require(before.values.first { $0.tier == .grid && !touched.contains($0.code) })
            try Self.file(atlas, at: inRemoved, count: 2)
            try Self.file(atlas, at: inStrip, count: 1)
            try Self.file(atlas, at: try #require(geos.pointOnSurface(try geos.geometry(quiet.geometry))), count: 1)

            let response = try await client.call("/generations/\(Self.draft)/diff?days=30&samples=5")
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let answer = try Self.object(response.text)
            #expect(answer["old"] as? String == "2024" && answer["new"] as? String == Self.draft && answer["tier"] as? String == "grid")
            let summary = try #require(answer["summary"] as? [String: Any])
            #expect(summary["removed"] as? Int == outcome.merges.count && summary["added"] as? Int == 0)
            #expect(summary["flows"] as? Int == outcome.merges.count + outcome.moves.count)
            #expect(summary["reports_relocated"] as? Int == 3)

            let diff = try #require(answer["diff"] as? [String: Any])
            let flows = try #require(diff["flows"] as? [[String: Any]])
            let mergeFlow = try #require(flows.first { $0["from"] as? String == merge.removed })
            let removedArea = Geodesic.wgs84.area(before[merge.removed]!.geometry)
            #expect(mergeFlow["to"] as? String == merge.kept)
            #expect(abs((mergeFlow["area_m2"] as? Double ?? 0) - removedArea) < 1e-6 * removedArea)
            #expect(abs((mergeFlow["households"] as? Double ?? 0) - Double(before[merge.removed]!.households ?? 0)) < 0.01)

            let reports = try #require(answer["reports"] as? [String: Any])
            let pairs = try #require(reports["pairs"] as? [[String: Any]])
            #expect(pairs.first { $0["from"] as? String == merge.removed && $0["to"] as? String == merge.kept }?["count"] as? Int == 2)
            #expect(pairs.first { $0["from"] as? String == move.shrank && $0["to"] as? String == move.grew }?["count"] as? Int == 1)

            let workers = try #require((answer["workers"] as? [String: Any])?["workers"] as? [[String: Any]])
            let serving = try atlas.roster().workers(of: merge.removed, at: Date()).map(\.workerId)
            #expect(!serving.isEmpty)
            let listed = Set(workers.filter { $0["unit"] as? String == merge.removed }.compactMap { $0["worker_id"] as? String })
            #expect(listed == Set(serving))
            #expect(workers.contains { $0["unit"] as? String == quiet.code } == false)
        }
    }

    @Test func geoJSONLayersDrawTheFlowsAndTheUnits() async throws {
        try await withLiveServer { client, atlas in
            let outcome = try Self.saveRedraw(atlas)
            let flows = try await client.call("/generations/\(Self.draft)/diff?format=geojson")
            #expect(flows.status == .ok)
            #expect(flows.headers[.contentType] == "application/geo+json")
            let features = try #require(try Self.object(flows.text)["features"] as? [[String: Any]])
            #expect(features.count == outcome.merges.count + outcome.moves.count)
            #expect(features.allSatisfy { ($0["properties"] as? [String: Any])?["tier"] as? String == "grid" })
            let units = try await client.call("/generations/\(Self.draft)/diff?format=geojson&layer=units&against=2024")
            let unitFeatures = try #require(try Self.object(units.text)["features"] as? [[String: Any]])
            // Removed grids, plus kept grids of merges and both grids of each moved edge (changed).
            #expect(unitFeatures.count == 2 * outcome.merges.count + 2 * outcome.moves.count)
        }
    }

    @Test func balanceComparesBothGenerationsSideBySide() async throws {
        try await withLiveServer { client, atlas in
            let outcome = try Self.saveRedraw(atlas)
            let response = try await client.call("/generations/\(Self.draft)/balance?households_min=160&households_max=500&days=30")
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let answer = try Self.object(response.text)
            let before = try #require(answer["before"] as? [String: Any]), after = try #require(answer["after"] as? [String: Any])
            #expect(before["generation"] as? String == "2024" && after["generation"] as? String == Self.draft)
            let old = try Self.units(atlas, "2024").values.filter { $0.tier == .grid }
            let new = try Self.units(atlas, Self.draft).values.filter { $0.tier == .grid }
            #expect(before["grids"] as? Int == old.count && after["grids"] as? Int == old.count - outcome.merges.count)
            #expect(before["over"] as? Int == old.filter { ($0.households ?? 0) > 500 }.count)
            #expect(after["over"] as? Int == new.filter { ($0.households ?? 0) > 500 }.count)
            #expect(after["under"] as? Int == new.filter { ($0.households ?? 1_000) < 160 }.count)
            let rows = try #require(answer["rows"] as? [[String: Any]])
            #expect(rows.count == old.count)
            let removed = try #require(rows.first { $0["code"] as? String == outcome.merges[0].removed })
            #expect(removed["before"] != nil && removed["after"] == nil)
        }
    }

    @Test func theDefaultBaseIsTheGenerationInForceOrTheOneBeforeIt() async throws {
        try await withLiveServer { client, atlas in
            try Self.saveRedraw(atlas)
            let none = try await client.call("/generations/2024/diff")
            #expect(none.status == .notFound && none.isProblem)
            #expect(none.json["parameter"] as? String == "against")
            _ = try atlas.publish(Self.draft, effectiveFrom: Date().addingTimeInterval(-3600), backdate: true)
            let latest = try await client.call("/generations/\(Self.draft)/diff?format=json")
            #expect(latest.status == .ok)
            #expect(latest.json["old"] as? String == "2024")
            let older = try await client.call("/generations/2024/balance")
            #expect(older.status == .ok)
            #expect((older.json["before"] as? [String: Any])?["generation"] as? String == Self.draft)
        }
    }

    @Test func badInputIsAProblemNamingTheParameter() async throws {
        try await withLiveServer { client, atlas in
            try Self.saveRedraw(atlas)
            let d = "/generations/\(Self.draft)"
            for (uri, status, parameter) in [
                ("/generations/none-such/diff", 404, "generation"),
                ("\(d)/diff?against=none-such", 404, "generation"),
                ("\(d)/diff?days=0", 400, "days"),
                ("\(d)/diff?days=many", 400, "days"),
                ("\(d)/diff?tier=planet", 400, "tier"),
                ("\(d)/diff?format=xml", 400, "format"),
                ("\(d)/diff?format=geojson&layer=roads", 400, "layer"),
                ("\(d)/balance?households_min=600&households_max=500", 400, "households_max"),
                ("\(d)/balance?households_min=-1", 400, "households_min"),
                ("\(d)/balance?days=4000", 400, "days"),
                ("/generations/none-such/balance", 404, "generation"),
            ] {
                let response = try await client.call(uri)
                #expect(Int(response.status.code) == status, "\(uri): \(response.text)")
                #expect(response.isProblem, "\(uri)")
                #expect(response.json["parameter"] as? String == parameter, "\(uri): \(response.text)")
            }
        }
    }
}
