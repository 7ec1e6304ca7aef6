import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Every bad input gets its typed error, and every message names what was wrong.
@Suite struct QueryErrorTests {
    @Test func unknownCodesAndTiers() throws {
        let view = try DemoQueries.view()
        #expect(throws: QueryError.unknownUnit("999999")) { _ = try view.detail(of: "999999") }
        #expect(throws: QueryError.unknownUnit("4502990")) { _ = try view.children(of: "4502990") }
        #expect(throws: QueryError.unknownUnit("")) { _ = try view.geometry(of: "") }
        #expect(throws: QueryError.unknownUnit("x")) { _ = try view.neighbours(of: "x") }
        #expect(QueryError.unknownUnit("999999").description.contains("'999999'"))
        #expect(throws: QueryError.unknownTier("block")) { _ = try Tier.query("block") }
        #expect(QueryError.unknownTier("block").description.contains("micro_area"))
        #expect(try Tier.query("micro-area") == .microArea && Tier.query(" grid ") == .grid)
    }

    @Test func badBoxes() {
        func reason(_ b: BoundingBox, _ limits: QueryLimits = .standard) -> QueryError? {
            do { _ = try QueryGeometry(bbox: b, limits: limits) } catch { return error }
            return nil
        }
        let cases: [(BoundingBox, String)] = [
            (BoundingBox(minLon: .nan, minLat: 24.3, maxLon: 108.4, maxLat: 24.4), "minLon"),
            (BoundingBox(minLon: 108.3, minLat: 24.3, maxLon: .infinity, maxLat: 24.4), "maxLon"),
            (BoundingBox(minLon: 108.4, minLat: 24.3, maxLon: 108.3, maxLat: 24.4), "minLon"),
            (BoundingBox(minLon: 108.3, minLat: 24.4, maxLon: 108.4, maxLat: 24.4), "minLat"),
            (BoundingBox(minLon: 108.3, minLat: 24.3, maxLon: 181, maxLat: 24.4), "maxLon"),
            (BoundingBox(minLon: 108.3, minLat: -91, maxLon: 108.4, maxLat: 24.4), "minLat"),
        ]
        for (b, field) in cases {
            guard case .badParameter(let name, let why)? = reason(b) else {
                Issue.record("\(b) was not refused as a bad parameter")
                continue
            }
            #expect(name == "bbox" && why.contains(field), "\(why)")
        }
        guard case .tooLarge("bbox", let size, 2_500, "km²")? = reason(BoundingBox(minLon: 100, minLat: 20, maxLon: 110, maxLat: 30)) else {
            Issue.record("a 1000 km box was not refused as too large")
            return
        }
        #expect(size > 1_000_000)
        // The limit is configuration: a 2 × 2 km box fails a 1 km² limit and passes the default.
        let small = BoundingBox(minLon: 108.40, minLat: 24.30, maxLon: 108.42, maxLat: 24.318)
        #expect(reason(small) == nil)
        guard case .tooLarge("bbox", _, 1, _)? = reason(small, QueryLimits(maxBoxKm2: 1)) else {
            Issue.record("the configured limit was not applied")
            return
        }
        #expect(QueryError.tooLarge(name: "bbox", size: 4.1, limit: 1, unit: "km²").description == "bbox is too large: 4.1 km², the limit is 1 km²")
    }

    @Test func badGeometryText() {
        func refusal(_ text: String, crs: CRS = .wgs84) -> QueryError? {
            do { _ = try QueryGeometry(text: text, crs: crs) } catch { return error }
            return nil
        }
        let bad: [(String, String)] = [
            ("POLYGON ((108.4 24.3, 108.41 24.3", "WKT"),
            ("LINESTRING (108.4 24.3, banana)", "WKT"),
            ("{\"type\":\"Polygon\",\"coordinates\":[[1,2]", "GeoJSON"),
            ("{\"type\":\"Circle\",\"coordinates\":[1,2]}", "GeoJSON"),
            ("   ", "empty"),
            ("POLYGON EMPTY", "empty"),
            // A bow-tie: GEOS names the self-intersection and where.
            ("POLYGON ((108.40 24.30, 108.42 24.32, 108.42 24.30, 108.40 24.32, 108.40 24.30))", "Self-intersection"),
            ("GEOMETRYCOLLECTION (POINT (108.4 24.3), LINESTRING (108.4 24.3, 108.5 24.4))", "mixing kinds"),
            ("POINT (200 24.3)", "outside longitude"),
            ("POINT (108.4 NaN)", "Invalid Coordinate"),
        ]
        for (text, fragment) in bad {
            guard case .badGeometry(let reason)? = refusal(text) else {
                Issue.record("'\(text)' was not refused as bad geometry: \(String(describing: refusal(text)))")
                continue
            }
            #expect(reason.contains(fragment), "\(text): \(reason)")
            #expect(QueryError.badGeometry(reason: reason).description.hasPrefix("geometry: "))
        }
        guard case .tooLarge("geometry", _, _, "km²")? = refusal("LINESTRING (100 20, 110 30)") else {
            Issue.record("a 1000 km line was not refused")
            return
        }
        #expect(refusal("POINT (108.4 24.3)") == nil)
        guard case .badParameter("crs", let why)? = refusal("POINT (400000 2700000)", crs: .epsg(999_999)) else {
            Issue.record("an unknown EPSG code was not refused")
            return
        }
        #expect(why.contains("999999"))
    }

    @Test func badToleranceCRSAndMeasure() throws {
        let view = try DemoQueries.view()
        let code = view.unit(view.ids(of: .grid)[0]).code
        for tolerance in [-1.0, .nan, .infinity] {
            #expect {
                _ = try view.geometry(of: code, simplify: tolerance)
            } throws: { error in
                guard case .badParameter("simplify", _) = error as? QueryError else { return false }
                return true
            }
        }
        #expect(throws: QueryError.tooLarge(name: "simplify", size: 1e6, limit: 5_000, unit: "m")) {
            _ = try view.geometry(of: code, simplify: 1e6)
        }
        #expect(throws: QueryError.unknownMeasure("density", valid: DensityMeasure.allCases.map(\.rawValue))) {
            _ = try DensityMeasure.query("density")
        }
        #expect(QueryError.unknownMeasure("density", valid: ["households", "workers"]).description.contains("households, workers"))
        #expect(try DensityMeasure.query("Households_per_km2") == .householdsPerKm2)
        for text in ["mars2000", "EPSG:999999", "EPSG:-3", ""] {
            #expect {
                _ = try CRS.query(text)
            } throws: { error in
                guard case .badParameter("crs", _) = error as? QueryError else { return false }
                return true
            }
        }
        #expect(try CRS.query("gcj-02") == .gcj02 && CRS.query("EPSG:4547") == .epsg(4547))
        #expect {
            _ = try view.geometry(of: code, crs: .epsg(999_999))
        } throws: { error in
            guard case .badParameter("crs", _) = error as? QueryError else { return false }
            return true
        }
    }

    @Test func badDensityAndNearestParameters() throws {
        let view = try DemoQueries.view()
        let table = DensityTable(view: view, tier: .grid, roster: try DemoQueries.atlas.roster(), at: DemoQueries.moment)
        func name(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as QueryError {
                if case .badParameter(let name, _) = error { return name }
                return "\(error)"
            } catch { return "\(error)" }
            return nil
        }
        #expect(name { _ = try table.choropleth(view: view, measure: .households, classes: 0) } == "classes")
        #expect(name { _ = try table.choropleth(view: view, measure: .households, classes: 21) } == "classes")
        #expect(name { _ = try table.choropleth(view: view, measure: .households, simplify: -3) } == "simplify")
        #expect(name { _ = try table.ranking(by: .workers, limit: 0) } == "limit")
        #expect(name { _ = try DensityRanking.Order.query("up") } == "order")
        #expect(name { _ = try view.householdOutliers(minimum: 500, maximum: 160) } == "max")
        #expect(name { _ = try view.householdOutliers(minimum: -1, maximum: 160) } == "min")
        #expect(name { _ = try view.nearestBoundary(to: LonLat(.nan, 24.3), tier: .grid) } == "point")
        #expect(name { _ = try view.nearestBoundary(to: LonLat(108.4, 95), tier: .grid) } == "point")
        #expect(QueryError.badParameter(name: "limit", reason: "must be 1 or more, got 0").description == "limit: must be 1 or more, got 0")
    }
}
