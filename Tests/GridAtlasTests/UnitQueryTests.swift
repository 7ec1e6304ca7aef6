import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Unit detail, children and the per-generation view behind them.
@Suite struct UnitQueryTests {
    @Test func theDistrictsChildrenAreItsSubdistrictsAndTheirAreasAddUp() throws {
        let view = try DemoQueries.view()
        let stored = try DemoQueries.storedUnits()
        let district = try #require(stored.first { $0.tier == .district })
        let children = try view.children(of: district.code)
        let expected = stored.filter { $0.parentCode == district.code }.map(\.code).sorted()
        #expect(children.map(\.code) == expected)
        #expect(children.count == 4 && children.allSatisfy { $0.tier == "subdistrict" })
        let districtArea = Geodesic.wgs84.area(district.geometry)
        let sum = children.reduce(0) { $0 + $1.areaM2 }
        #expect(abs(sum - districtArea) / districtArea < 1e-4, "\(sum) vs \(districtArea)")
        for child in children {
            let unit = try #require(stored.first { $0.code == child.code })
            #expect(child.households == unit.households && child.population == unit.population && child.name == unit.name)
        }
        // Every tier covers its parent: the same holds one level down, for every community.
        for community in stored where community.tier == .community {
            let grids = try view.children(of: community.code)
            let area = Geodesic.wgs84.area(community.geometry)
            #expect(abs(grids.reduce(0) { $0 + $1.areaM2 } - area) / area < 1e-4, "\(community.code)")
        }
    }

    @Test func detailNamesTheChainTheFiguresAndAPointInside() throws {
        let view = try DemoQueries.view()
        let stored = try DemoQueries.storedUnits()
        // A grid with micro-areas below it, so that the children count is not trivially 0.
        let micro = try #require(stored.first { $0.tier == .microArea })
        let grid = try #require(stored.first { $0.code == micro.parentCode })
        let detail = try view.detail(of: grid.code)
        #expect(detail.generation == "2024" && detail.code == grid.code && detail.name == grid.name && detail.tier == "grid")
        #expect(detail.parents.map(\.tier) == ["district", "subdistrict", "community"])
        #expect(detail.parents.last?.code == grid.parentCode)
        for (parent, child) in zip(detail.parents, detail.parents.dropFirst()) { #expect(child.code.hasPrefix(parent.code)) }
        #expect(detail.childrenCount == stored.filter { $0.parentCode == grid.code }.count && detail.childrenCount > 0)
        #expect(detail.households == grid.households && detail.population == grid.population)
        #expect(detail.areaM2 == Geodesic.wgs84.area(grid.geometry))
        #expect(detail.vertexCount == grid.geometry.vertexCount && detail.parts == grid.geometry.polygons.count)
        let box = grid.geometry.bounds
        #expect(detail.bbox == [box.minLon, box.minLat, box.maxLon, box.maxLat])
        // The label point resolves to the grid itself.
        let label = LonLat(detail.pointOnSurface[0], detail.pointOnSurface[1])
        let answer = try DemoQueries.atlas.resolve(label, converter: try CoordinateConverter(from: .wgs84), at: DemoQueries.moment)
        #expect(answer.units.first { $0.tier == "grid" }?.code == grid.code)
        #expect(box.contains(LonLat(detail.centroid[0], detail.centroid[1])))
        #expect(detail.attributes == .object([:]))
    }

    @Test func detailEncodesWithSnakeCaseKeys() throws {
        let view = try DemoQueries.view()
        let code = try #require(view.ids(of: .grid).first.map { view.unit($0).code })
        let data = try JSONEncoder().encode(try view.detail(of: code))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["children_count", "area_m2", "perimeter_m", "point_on_surface", "vertex_count", "bbox", "parents", "attributes"] {
            #expect(object[key] != nil, "\(key)")
        }
        let summary = try JSONSerialization.jsonObject(with: JSONEncoder().encode(try view.children(of: "450299"))) as? [[String: Any]]
        #expect(summary?.first?["area_m2"] is Double)
    }

    @Test func attributesComeBackAsTheImportedObject() throws {
        let scratch = try Scratch()
        let atlas = try scratch.atlas()
        let square = Feature.square(108.40, 24.30, 0.04)
        let text = Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [square]),
            Feature.make("\"code\":\"450203001\",\"name\":\"街道\"", rings: [square]),
            Feature.make("\"code\":\"450203001001\",\"name\":\"社区\"", rings: [square]),
            Feature.make("\"code\":\"450203001001003\",\"name\":\"三网格\",\"landuse\":\"residential\",\"floors\":12,\"tags\":[\"old\",true],\"ratio\":0.5",
                         rings: [Feature.square(108.40, 24.30, 0.01)]),
        ])
        _ = try atlas.importUnits(files: [("units.geojson", Data(text.utf8))], crs: .wgs84, crsIsExplicit: false, generation: "g")
        let view = try atlas.view(for: try #require(try atlas.store.generation(named: "g")))
        let detail = try view.detail(of: "450203001001003")
        #expect(detail.attributes == .object(["landuse": .string("residential"), "floors": .integer(12),
                                              "tags": .array([.string("old"), .bool(true)]), "ratio": .number(0.5)]))
        let encoded = String(decoding: try JSONEncoder().encode(detail.attributes), as: UTF8.self)
        #expect(encoded.contains("\"floors\":12") && encoded.contains("\"ratio\":0.5"))
    }

    @Test func viewsAreKeptPerGenerationAndFollowADraftThatGrows() throws {
        let atlas = DemoQueries.atlas
        let published = try atlas.generation(named: "2024", at: DemoQueries.moment)
        #expect(try atlas.view(for: published) === atlas.view(for: published))
        let view = try atlas.view(for: published)
        #expect(view.units.count == view.locator.units.count)
        #expect(zip(view.units, view.locator.units).allSatisfy { $0.code == $1.code && $0.tier == $1.tier })
        #expect(view.ids(of: .grid).count == 110)
        // Areas read from the store are the ones computed from the shapes, bit for bit.
        let computed = GenerationView(generation: published, units: try DemoQueries.storedUnits())
        #expect(computed.areas == view.areas && computed.bounds == view.bounds && computed.children == view.children)

        let (_, fresh) = try DemoFiles.loaded()
        let parents = Feature.collection([
            Feature.make("\"code\":\"450203\",\"name\":\"区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
            Feature.make("\"code\":\"450203001\",\"name\":\"街道\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
        ])
        _ = try fresh.importUnits(files: [("p.geojson", Data(parents.utf8))], crs: .wgs84, crsIsExplicit: false, generation: "draft")
        let draft = try #require(try fresh.store.generation(named: "draft"))
        let before = try fresh.view(for: draft)
        #expect(try before.units.count == 2 && fresh.view(for: draft) === before)
        // Another Atlas on the same store adds a unit: the next view sees it.
        let community = Feature.collection([
            Feature.make("\"code\":\"450203001001\",\"name\":\"社区\"", rings: [Feature.square(108.40, 24.30, 0.04)]),
        ])
        _ = try Atlas(store: fresh.store).importUnits(files: [("c.geojson", Data(community.utf8))], crs: .wgs84,
                                                      crsIsExplicit: false, generation: "draft")
        let after = try fresh.view(for: draft)
        #expect(after !== before && after.units.count == 3)
        #expect(try after.children(of: "450203001").map(\.code) == ["450203001001"])
    }
}
