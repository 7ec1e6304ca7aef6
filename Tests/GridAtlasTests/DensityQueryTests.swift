import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Density per unit at a moment, its choropleth, rankings and household outliers.
@Suite struct DensityQueryTests {
    func table(_ tier: Tier, at: Date = DemoQueries.moment) throws -> DensityTable {
        DensityTable(view: try DemoQueries.view(), tier: tier, roster: try DemoQueries.atlas.roster(), at: at)
    }

    /// The demo's figures are consistent (each parent's households and population are its
    /// children's sums: checked here first), so the grid rows add up to every upper row.
    @Test func figuresAddUpTierByTier() throws {
        let stored = try DemoQueries.storedUnits()
        for parent in stored where parent.tier < .grid {
            let children = stored.filter { $0.parentCode == parent.code }
            #expect(children.reduce(0) { $0 + ($1.households ?? 0) } == parent.households, "demo data: \(parent.code)")
        }
        let grids = try table(.grid)
        let district = try table(.district)
        #expect(grids.rows.count == 110 && district.rows.count == 1)
        #expect(grids.rows.reduce(0) { $0 + ($1.households ?? 0) } == district.rows[0].households)
        #expect(grids.rows.reduce(0) { $0 + ($1.population ?? 0) } == district.rows[0].population)
        let communities = try table(.community)
        for row in communities.rows {
            let below = grids.rows.filter { $0.code.hasPrefix(row.code) }
            #expect(below.reduce(0) { $0 + ($1.households ?? 0) } == row.households, "\(row.code)")
        }
    }

    @Test func ratiosAreTheFiguresOverAreaAndWorkers() throws {
        let view = try DemoQueries.view()
        for tier in [Tier.grid, .community, .district] {
            for row in try table(tier).rows {
                let area = view.areas[Int(try view.id(of: row.code))] / 1e6
                #expect(row.areaKm2 == area)
                let households = Double(try #require(row.households)), population = Double(try #require(row.population))
                #expect(try abs(#require(row.householdsPerKm2) - households / row.areaKm2) <= 1e-9 * households / row.areaKm2)
                #expect(try abs(#require(row.populationPerKm2) - population / row.areaKm2) <= 1e-9 * population / row.areaKm2)
                #expect(try abs(#require(row.workersPerKm2) - Double(row.workers) / row.areaKm2) <= 1e-9 * Double(row.workers) / row.areaKm2)
                #expect(row.workers > 0)
                #expect(try #require(row.householdsPerWorker) == households / Double(row.workers))
            }
        }
    }

    /// Workers of an upper unit: the distinct ids serving any of its grids at the moment, counted
    /// here straight from the stored roster.
    @Test func workersAreDistinctIdsServingBelowAtTheMoment() throws {
        let roster = try DemoQueries.atlas.store.roster()
        for moment in [DemoQueries.moment, Dates.parse("2025-06-30")!, Dates.parse("2025-07-01")!] {
            let serving = roster.filter { $0.isValid(at: moment) }
            for tier in [Tier.grid, .community, .subdistrict, .district] {
                for row in try table(tier, at: moment).rows {
                    let expected = Set(serving.filter { $0.unitCode.hasPrefix(row.code) }.map(\.workerId)).count
                    #expect(row.workers == expected, "\(row.code) at \(moment)")
                }
            }
        }
        // Before the roster starts nobody serves: no ratio per worker.
        let early = try table(.grid, at: Dates.parse("2023-06-01")!)
        #expect(early.rows.allSatisfy { $0.workers == 0 && $0.householdsPerWorker == nil && $0.workersPerKm2 == 0 })
        #expect(early.at == "2023-06-01T00:00:00+08:00")
    }

    @Test func choroplethClassesFollowQuantilesOfTheMeasure() throws {
        let view = try DemoQueries.view()
        let grids = try table(.grid)
        for (measure, k) in [(DensityMeasure.householdsPerKm2, 5), (.householdsPerWorker, 4), (.population, 7)] {
            let map = try grids.choropleth(view: view, measure: measure, classes: k)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(map.geoJSON.utf8)) as? [String: Any])
            #expect(object["type"] as? String == "FeatureCollection" && object["measure"] as? String == measure.rawValue)
            let breaks = try #require((object["breaks"] as? [NSNumber])?.map(\.doubleValue))
            #expect(breaks.count == k + 1 && zip(breaks, map.breaks.breaks).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
            #expect(zip(breaks, breaks.dropFirst()).allSatisfy { $0 <= $1 })
            let features = try #require(object["features"] as? [[String: Any]])
            #expect(features.count == grids.rows.count)
            var pairs: [(value: Double, klass: Int)] = []
            for (feature, row) in zip(features, grids.rows) {
                #expect(feature["id"] as? String == row.code)
                let properties = try #require(feature["properties"] as? [String: Any])
                let klass = try #require((properties["class"] as? NSNumber)?.intValue)
                let value = try #require((properties[measure.rawValue] as? NSNumber)?.doubleValue)
                #expect(abs(value - (measure.value(in: row) ?? .nan)) <= 1e-9 * abs(value))
                #expect((0..<k).contains(klass) && value >= breaks[klass] && value <= breaks[klass + 1])
                #expect((properties["households"] as? NSNumber)?.intValue == row.households && (properties["workers"] as? NSNumber)?.intValue == row.workers)
                let geometry = try #require(feature["geometry"] as? [String: Any])
                #expect(["Polygon", "MultiPolygon"].contains(geometry["type"] as? String))
                pairs.append((value, klass))
            }
            pairs.sort { $0.value < $1.value }
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.klass <= $1.klass }, "classes must not decrease as the value grows")
            // Quantiles: about as many units in each class.
            let counts = (0..<k).map { c in pairs.filter { $0.klass == c }.count }
            let share = Double(pairs.count) / Double(k)
            #expect(counts.allSatisfy { abs(Double($0) - share) <= 2 }, "\(counts)")
        }
        let plain = try grids.choropleth(view: view, measure: .households)
        let simplified = try grids.choropleth(view: view, measure: .households, simplify: 20)
        #expect(simplified.geoJSON.count < plain.geoJSON.count && simplified.classes == plain.classes)
    }

    @Test func quantileBreaksOnKnownValues() {
        let breaks = QuantileBreaks(values: [5, 1, 4, 2, 3], classes: 4)
        #expect(breaks.breaks == [1, 2, 3, 4, 5])
        #expect([1, 2, 2.5, 3, 4, 5].map(breaks.classOf) == [0, 0, 1, 1, 2, 3])
        #expect(QuantileBreaks(values: [], classes: 5).breaks.isEmpty)
        let flat = QuantileBreaks(values: [7, 7, 7], classes: 3)
        #expect(flat.breaks == [7, 7, 7, 7] && flat.classOf(7) == 0)
    }

    @Test func rankingsOrderByTheMeasure() throws {
        let grids = try table(.grid)
        let top = try grids.ranking(by: .householdsPerWorker, order: .desc, limit: 5)
        let all = grids.rows.map { ($0.code, $0.householdsPerWorker!) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        #expect(top.units.map(\.code) == all.prefix(5).map(\.0))
        #expect(top.units.map(\.rank) == [1, 2, 3, 4, 5] && top.unranked == 0 && top.measure == "households_per_worker")
        let bottom = try grids.ranking(by: .householdsPerWorker, order: .asc)
        let ascending = all.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        #expect(bottom.units.count == 110 && bottom.units.map(\.code) == ascending.map(\.0))
        #expect(zip(bottom.units, bottom.units.dropFirst()).allSatisfy { $0.value <= $1.value })
        let early = DensityTable(view: try DemoQueries.view(), tier: .grid, roster: try DemoQueries.atlas.roster(), at: Dates.parse("2023-01-01")!)
        let none = try early.ranking(by: .householdsPerWorker)
        #expect(none.units.isEmpty && none.unranked == 110)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(top)) as? [String: Any]
        #expect(json?["order"] as? String == "desc" && (json?["units"] as? [[String: Any]])?.first?["rank"] as? Int == 1)
    }

    @Test func outliersAreTheGridsOutsideTheRange() throws {
        let view = try DemoQueries.view()
        let grids = try DemoQueries.storedUnits().filter { $0.tier == .grid }
        for (low, high) in [(160, 500), (200, 400), (0, 10_000)] {
            let answer = try view.householdOutliers(minimum: low, maximum: high)
            let expected = grids.filter { $0.households! < low || $0.households! > high }
            #expect(Set(answer.outliers.map(\.code)) == Set(expected.map(\.code)))
            #expect(answer.outliers.count == expected.count && answer.gridsChecked == 110 && answer.range == [low, high])
            for outlier in answer.outliers {
                let households = try #require(grids.first { $0.code == outlier.code }?.households)
                #expect(outlier.households == households)
                #expect(outlier.side == (households < low ? "below" : "above"))
                #expect(outlier.by == (households < low ? low - households : households - high) && outlier.by > 0)
            }
            #expect(zip(answer.outliers, answer.outliers.dropFirst()).allSatisfy { $0.by >= $1.by })
        }
        let standard = try view.householdOutliers()
        #expect(standard.range == [160, 500] && !standard.outliers.isEmpty)
    }
}
