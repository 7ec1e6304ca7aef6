import Foundation
import GridGeometry
import Testing
@testable import GridDomain
@testable import GridSynth

@Suite struct LocatorTests {
    let locator = Demo.locator

    @Test func agreesWithGEOSPreparedGeometriesOffTheBoundary() throws {
        let gridIds = Demo.district.units.indices.filter { Demo.district.units[$0].tier == .grid }
        let geos = GEOSContext()
        let peer = try GEOSPreparedIndex(context: geos, shapes: gridIds.map { Demo.district.units[$0].geometry })
        var inside = 0
        for p in Demo.points(20_000) {
            let expected = peer.locate(p).map { Int32(gridIds[$0]) } ?? -1
            #expect(locator.locate(p).grid == expected, "at \(p)")
            if expected >= 0 { inside += 1 }
        }
        #expect(inside > 18_000)
    }

    @Test func chainFollowsTheGridsParents() {
        for p in Demo.points(2_000, seed: 2) {
            let location = locator.locate(p)
            guard location.grid >= 0 else { continue }
            let grid = locator.units[Int(location.grid)]
            let community = locator.units[Int(location.community)]
            let subdistrict = locator.units[Int(location.subdistrict)]
            #expect(grid.code.hasPrefix(community.code) && community.tier == .community)
            #expect(community.code.hasPrefix(subdistrict.code) && subdistrict.tier == .subdistrict)
            #expect(locator.units[Int(location.district)].tier == .district)
            #expect(location.status == .inside)
        }
    }

    /// Every vertex and every edge midpoint of every grid lies on a boundary (a computed midpoint
    /// may sit 1e-17° to one side, which the exact orientation test must respect): each resolves to
    /// exactly one grid, one whose closed shape covers the point, the same one every time. On the
    /// district's outer boundary "outside, nearest grid at 0 m" is the other allowed answer.
    @Test func pointsOnSharedEdgesAndVerticesGetOneGrid() throws {
        let geos = GEOSContext()
        let shapes = try Demo.grids.map { try geos.geometry($0.geometry) }
        var checked = 0
        let shuffled = Locator(units: Demo.district.units.reversed())
        for grid in Demo.grids {
            let ring = grid.geometry.polygons[0].exterior.points
            for k in stride(from: 0, to: ring.count - 1, by: 3) {
                for p in [ring[k], LonLat((ring[k].lon + ring[k + 1].lon) / 2, (ring[k].lat + ring[k + 1].lat) / 2)] {
                    let id = locator.locate(p).grid
                    if id < 0 {
                        let nearest = try #require(locator.nearest(to: p))
                        #expect(locator.locate(p).status == .outside && nearest.metres < 1e-3,
                                "boundary point \(p) of \(grid.code) resolved to no grid but is \(nearest.metres) m from one")
                        continue
                    }
                    let code = locator.units[Int(id)].code
                    let index = Demo.grids.firstIndex { $0.code == code }!
                    // Covered by the chosen grid's closed shape: distance from it is zero.
                    let piece = try geos.intersection(shapes[index], try geos.point(p))
                    #expect(!geos.isEmpty(piece), "\(p) resolved to \(code), which does not touch it")
                    // Same answer from a Locator built with the units in the opposite order.
                    #expect(shuffled.units[Int(shuffled.locate(p).grid)].code == code)
                    #expect(locator.locate(p).grid == id)
                    checked += 1
                }
            }
        }
        #expect(checked > 2_000)
    }

    @Test func holesAndMultiPolygons() throws {
        let host = try #require(Demo.grids.first { !$0.geometry.polygons[0].holes.isEmpty })
        let owner = try #require(Demo.grids.first { $0.geometry.polygons.count == 2 })
        let island = owner.geometry.polygons[1].exterior.points
        let centre = LonLat(island.dropLast().map(\.lon).reduce(0, +) / Double(island.count - 1),
                            island.dropLast().map(\.lat).reduce(0, +) / Double(island.count - 1))
        #expect(locator.units[Int(locator.locate(centre).grid)].code == owner.code)
        // Just outside the island, still inside the host's outer ring.
        let radius = island[0].lon - centre.lon
        let beside = LonLat(centre.lon + radius * 1.5, centre.lat)
        #expect(locator.units[Int(locator.locate(beside).grid)].code == host.code)
    }

    @Test func microAreasInsideTheirGrid() throws {
        let micro = try #require(Demo.district.units.first { $0.tier == .microArea })
        let ring = micro.geometry.polygons[0].exterior.points
        // A point a little inside the first vertex, towards the ring's centroid.
        let cx = ring.dropLast().map(\.lon).reduce(0, +) / Double(ring.count - 1)
        let cy = ring.dropLast().map(\.lat).reduce(0, +) / Double(ring.count - 1)
        let location = locator.locate(LonLat(cx, cy))
        #expect(locator.units[Int(location.microArea)].code == micro.code)
        #expect(locator.units[Int(location.grid)].code == micro.parentCode)
    }

    @Test func outsidePointsGetTheNearestGridAndDistance() throws {
        let box = locator.index(of: .grid)!.bounds
        let west = LonLat(box.minLon - 0.02, (box.minLat + box.maxLat) / 2)
        let location = locator.locate(west)
        #expect(location.status == .outside)
        #expect(location.chain.isEmpty)
        let nearest = try #require(locator.nearest(to: west))
        // Brute force over every grid vertex: the nearest boundary is no farther than the nearest vertex.
        let closestVertex = Demo.grids.flatMap { $0.geometry.rings.flatMap(\.points) }
            .map { Geodesic.wgs84.distance(west, $0) }.min()!
        #expect(nearest.metres <= closestVertex + 0.01)
        #expect(nearest.metres > 1_900 && nearest.metres < closestVertex + 0.01)
        #expect(locator.units[Int(nearest.unit)].tier == .grid)
        #expect(locator.locate(LonLat(.nan, 24.3)).status == .outside)
        #expect(locator.locate(LonLat(500, 24.3)).status == .outside)
    }

    @Test func aGapInTheGridTierAnswersTheCommunity() throws {
        let removed = Demo.grids[10]
        let partial = Locator(units: Demo.district.units.filter { $0.code != removed.code })
        let ring = removed.geometry.polygons[0].exterior.points
        let centre = LonLat(ring.dropLast().map(\.lon).reduce(0, +) / Double(ring.count - 1),
                            ring.dropLast().map(\.lat).reduce(0, +) / Double(ring.count - 1))
        let location = partial.locate(centre)
        #expect(location.status == .gap)
        #expect(location.grid == -1)
        #expect(partial.units[Int(location.community)].code == removed.parentCode)
    }

    @Test func batchAnswersEqualOneByOne() {
        let points = Demo.points(5_000, seed: 3) + [LonLat(0, 0), LonLat(.nan, .nan)]
        let batch = locator.locate(points)
        #expect(batch == points.map(locator.locate))
    }

    @Test func overlappingUnitsStillGetOneDeterministicAnswer() {
        let a = AreaUnit(code: "450203", tier: .district, name: "A", parentCode: nil,
                         geometry: MultiPolygon(Polygon(exterior: Ring([LonLat(0, 0), LonLat(2, 0), LonLat(2, 2), LonLat(0, 2), LonLat(0, 0)]))))
        var b = a
        b.code = "450204"
        b.geometry = MultiPolygon(Polygon(exterior: Ring([LonLat(1, 1), LonLat(3, 1), LonLat(3, 3), LonLat(1, 3), LonLat(1, 1)])))
        let locator = Locator(units: [a, b])
        #expect(locator.locate(LonLat(0.5, 0.5)).district == 0)
        #expect(locator.locate(LonLat(2.5, 2.5)).district == 1)
        #expect(locator.locate(LonLat(1.5, 1.5)).district == 0)  // claimed by both: the lower id
    }
}
