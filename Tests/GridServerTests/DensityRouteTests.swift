import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Density rows, choropleth, ranking and household outliers over HTTP.
extension BoundaryRouteTests {
    @Test func densityRowsAreConsistentAndSumToTheGrids() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            let response = try await client.call("/density?tier=grid")
            #expect(response.status == .ok, "\(response.text)")
            let table = try Self.decode(DensityTable.self, "\(response.text)")
            #expect(table.tier == "grid")
            let grids = view.ids(of: .grid).map(view.unit)
            #expect(table.rows.map(\.code).sorted() == grids.map(\.code).sorted())
            for row in table.rows {
                if let households = row.households, row.areaKm2 > 0 {
                    let expected = Double(households) / row.areaKm2
                    let got = try #require(row.householdsPerKm2, "\(row.code)")
                    #expect(abs(got - expected) <= 1e-9 * max(1, expected), "\(row.code): \(got) vs \(expected)")
                } else {
                    #expect(row.householdsPerKm2 == nil, "\(row.code)")
                }
                let area = view.areas[Int(try view.id(of: row.code))] / 1e6
                #expect(abs(row.areaKm2 - area) <= 1e-9 * area, "\(row.code)")
            }
            let sum = table.rows.compactMap(\.households).reduce(0, +)
            #expect(sum == grids.compactMap(\.households).reduce(0, +))
            #expect(sum > 0)
        }
    }

    @Test func choroplethHasOneFeaturePerGridWithClassesInRange() async throws {
        try await withLiveServer { client, atlas in
            let view = try Self.view(atlas)
            for classes in [3, 7] {
                let response = try await client.call("/density/choropleth?tier=grid&classes=\(classes)")
                #expect(response.status == .ok, "\(response.text.prefix(300))")
                let map = try #require(Self.object(response.text) as? [String: Any])
                #expect(map["type"] as? String == "FeatureCollection")
                #expect(map["classes"] as? Int == classes)
                #expect((map["breaks"] as? [Double])?.count == classes + 1)
                let features = try #require(map["features"] as? [[String: Any]])
                #expect(features.count == view.ids(of: .grid).count)
                let ids = features.compactMap { $0["id"] as? String }
                #expect(Set(ids) == Set(Self.gridCodes(view)))
                var classed = 0
                for feature in features {
                    let properties = try #require(feature["properties"] as? [String: Any])
                    #expect(feature["geometry"] is [String: Any])
                    guard let value = properties["class"], !(value is NSNull) else { continue }
                    let k = try #require(value as? Int, "\(String(describing: value))")
                    #expect((0..<classes).contains(k), "class \(k) of \(classes)")
                    classed += 1
                }
                #expect(classed > 0)
            }
        }
    }

    @Test func rankingIsSortedAndLimited() async throws {
        try await withLiveServer { client, atlas in
            let response = try await client.call("/density/ranking?tier=grid&measure=households&order=desc&limit=5")
            #expect(response.status == .ok, "\(response.text)")
            let units = try #require(response.json["units"] as? [[String: Any]], "\(response.text)")
            #expect(units.count == 5)
            let values = units.compactMap { $0["value"] as? Double }
            #expect(values.count == 5)
            #expect(values == values.sorted(by: >), "\(values)")
            #expect(units.compactMap { $0["rank"] as? Int } == [1, 2, 3, 4, 5])
            let view = try Self.view(atlas)
            let top = view.ids(of: .grid).compactMap { view.unit($0).households }.max()
            #expect(values.first == top.map(Double.init))
        }
    }

    @Test func outliersMatchABruteForceFilterOfTheRows() async throws {
        try await withLiveServer { client, _ in
            let table = try Self.decode(DensityTable.self, try await client.call("/density?tier=grid").text)
            var expected: [String: (String, Int)] = [:]
            for row in table.rows {
                guard let h = row.households else { continue }
                if h < 200 { expected[row.code] = ("below", 200 - h) }
                if h > 300 { expected[row.code] = ("above", h - 300) }
            }
            let response = try await client.call("/density/outliers?min=200&max=300")
            #expect(response.status == .ok, "\(response.text)")
            let answer = try Self.decode(HouseholdOutliers.self, "\(response.text)")
            #expect(answer.range == [200, 300])
            #expect(answer.gridsChecked == table.rows.count)
            #expect(answer.gridsWithoutHouseholds == table.rows.filter { $0.households == nil }.count)
            #expect(Set(answer.outliers.map(\.code)) == Set(expected.keys))
            for outlier in answer.outliers {
                #expect(expected[outlier.code]?.0 == outlier.side, "\(outlier.code)")
                #expect(expected[outlier.code]?.1 == outlier.by, "\(outlier.code)")
            }
            #expect(answer.outliers.map(\.by) == answer.outliers.map(\.by).sorted(by: >))
            #expect(!expected.isEmpty)
        }
    }
}
