import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// Neighbours with shared boundary lengths, and the nearest boundary to a position.
@Suite struct NeighbourQueryTests {
    @Test func neighboursAreSymmetricWithEqualSharedLengths() throws {
        let view = try DemoQueries.view()
        var lengths: [String: [String: Double]] = [:]
        for id in view.ids(of: .grid) {
            let answer = try view.neighbours(of: view.unit(id).code)
            #expect(answer.tier == "grid" && answer.neighbours.allSatisfy { $0.tier == "grid" && $0.sharedM > 0 })
            #expect(!answer.neighbours.isEmpty)
            #expect(zip(answer.neighbours, answer.neighbours.dropFirst()).allSatisfy { $0.sharedM >= $1.sharedM })
            lengths[answer.code] = Dictionary(uniqueKeysWithValues: answer.neighbours.map { ($0.code, $0.sharedM) })
        }
        for (a, row) in lengths {
            for (b, length) in row {
                let back = try #require(lengths[b]?[a], "\(b) does not list \(a) back")
                #expect(abs(back - length) < 1e-6, "\(a)-\(b): \(length) vs \(back)")
            }
        }
    }

    /// Shared stretches plus the stretch on the district's outer edge make up the perimeter;
    /// the outer stretch is measured here independently, as the grid's boundary on the district's.
    @Test func sharedAndOuterStretchesMakeUpThePerimeter() throws {
        let view = try DemoQueries.view()
        let district = view.unit(view.ids(of: .district)[0])
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            let edge = try geos.boundary(try geos.geometry(district.geometry))
            var onEdge = 0
            for id in view.ids(of: .grid) {
                let unit = view.unit(id)
                let answer = try view.neighbours(of: unit.code)
                let outer = geos.lines(of: try geos.intersection(try geos.boundary(try geos.geometry(unit.geometry)), edge))
                    .reduce(0) { $0 + Geodesic.wgs84.length($1) }
                let perimeter = Geodesic.wgs84.perimeter(unit.geometry)
                let shared = answer.neighbours.reduce(0) { $0 + $1.sharedM }
                #expect(abs(answer.perimeterM - perimeter) < 1e-6)
                #expect(abs(shared + outer - perimeter) < 1e-3, "\(unit.code): \(shared) + \(outer) vs \(perimeter)")
                #expect(abs(answer.unsharedM - outer) < 1e-3, "\(unit.code)")
                if outer > 0 { onEdge += 1 }
            }
            #expect(onEdge > 10 && onEdge < 100)
        }
    }

    /// Units meeting at a corner only are not neighbours: checked against every pair's DE-9IM.
    @Test func touchingAtAPointIsNotNeighbouring() throws {
        let view = try DemoQueries.view()
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            let grids = view.ids(of: .grid)
            let shapes = try grids.map { try geos.geometry(view.unit($0).geometry) }
            for (i, id) in grids.enumerated() {
                let listed = Set(try view.neighbours(of: view.unit(id).code).neighbours.map(\.code))
                var expected = Set<String>()
                for (j, other) in grids.enumerated() where j != i {
                    let common = geos.lines(of: try geos.intersection(try geos.boundary(shapes[i]), try geos.boundary(shapes[j])))
                    if !common.isEmpty { expected.insert(view.unit(other).code) }
                }
                #expect(listed == expected, "\(view.unit(id).code)")
            }
        }
    }

    @Test func fromInsideTheNearestBoundaryIsTheUnitsOwnWithItsNeighbourAcross() throws {
        let view = try DemoQueries.view()
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            for id in view.ids(of: .grid).enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) {
                let unit = view.unit(id)
                let inside = try #require(geos.pointOnSurface(try geos.geometry(unit.geometry)))
                let answer = try view.nearestBoundary(to: inside, tier: .grid)
                #expect(answer.inside?.code == unit.code)
                let point = try #require(answer.nearestPoint)
                // The nearest point lies on the unit's boundary, at the distance a local plane gives.
                let frame = LocalFrame(centre: inside)
                let boundary = try geos.boundary(try geos.geometry(unit.geometry.mapPoints(frame.metres)))
                let onBoundary = try Self.distance(from: frame.metres(LonLat(point[0], point[1])), to: boundary, geos: geos)
                #expect(onBoundary < 1e-6, "\(unit.code): the nearest point is \(onBoundary) m off the boundary")
                let distance = try #require(answer.distanceM)
                let nearest = try Self.distance(from: LonLat(0, 0), to: boundary, geos: geos)
                #expect(abs(distance - nearest) <= 0.002 * nearest + 0.01, "\(unit.code): \(distance) vs \(nearest)")
                let neighbours = try view.neighbours(of: unit.code).neighbours.map(\.code)
                if let across = answer.across { #expect(neighbours.contains(across.code), "\(unit.code) → \(across.code)") }
            }
        }
    }

    static func distance(from p: LonLat, to g: GEOSGeometry, geos: GEOSContext) throws -> Double {
        let lines = geos.lines(of: g)
        var best = Double.infinity
        for line in lines {
            for (a, b) in zip(line, line.dropFirst()) {
                let dx = b.lon - a.lon, dy = b.lat - a.lat
                let t = max(0, min(1, ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / (dx * dx + dy * dy)))
                let x = a.lon + t * dx - p.lon, y = a.lat + t * dy - p.lat
                best = min(best, (x * x + y * y).squareRoot())
            }
        }
        return best
    }

    /// Half a metre inside a grid from the middle of a stretch it shares (or of its outer edge).
    @Test func acrossIsTheNeighbourOrNoneAtTheOuterEdge() throws {
        let view = try DemoQueries.view()
        let district = view.unit(view.ids(of: .district)[0])
        let geos = GEOSContext()
        try withExtendedLifetime(geos) {
            var outerSeen = 0, sharedSeen = 0
            for id in view.ids(of: .grid).enumerated().filter({ $0.offset % 5 == 0 }).map(\.element) {
                let unit = view.unit(id)
                let mine = try geos.boundary(try geos.geometry(unit.geometry))
                let label = try #require(geos.pointOnSurface(try geos.geometry(unit.geometry)))
                var stretches: [(across: String?, line: [LonLat])] = []
                for line in geos.lines(of: try geos.intersection(mine, try geos.boundary(try geos.geometry(district.geometry)))) {
                    stretches.append((nil, line))
                }
                if let top = try view.neighbours(of: unit.code).neighbours.first {
                    let theirs = try geos.boundary(try geos.geometry(try view.geometry(of: top.code).shape))
                    for line in geos.lines(of: try geos.intersection(mine, theirs)) { stretches.append((top.code, line)) }
                }
                for stretch in stretches {
                    // The longest segment's middle, away from corners.
                    guard let (a, b) = zip(stretch.line, stretch.line.dropFirst()).max(by: {
                        Geodesic.wgs84.distance($0.0, $0.1) < Geodesic.wgs84.distance($1.0, $1.1)
                    }), Geodesic.wgs84.distance(a, b) > 20 else { continue }
                    let middle = LonLat((a.lon + b.lon) / 2, (a.lat + b.lat) / 2)
                    let step = 0.5 / Geodesic.wgs84.distance(middle, label)
                    let probe = LonLat(middle.lon + (label.lon - middle.lon) * step, middle.lat + (label.lat - middle.lat) * step)
                    guard view.locator.index(of: .grid)?.locate(probe) == id else { continue }
                    let answer = try view.nearestBoundary(to: probe, tier: .grid)
                    #expect(answer.inside?.code == unit.code)
                    #expect(try #require(answer.distanceM) <= 0.5005, "\(unit.code) \(stretch.across ?? "-") \(answer)")
                    #expect(answer.across?.code == stretch.across, "\(unit.code) at \(probe)")
                    if stretch.across == nil { outerSeen += 1 } else { sharedSeen += 1 }
                }
            }
            #expect(outerSeen > 3 && sharedSeen > 10)
        }
    }

    @Test func fromOutsideTheAnswerIsTheGridToEnter() throws {
        let view = try DemoQueries.view()
        let outside = LonLat(108.30, 24.31)
        let answer = try view.nearestBoundary(to: outside, tier: .grid)
        #expect(answer.inside == nil)
        let distance = try #require(answer.distanceM)
        #expect(distance > 5_000 && distance < 7_000)
        let nearest = try #require(view.locator.nearest(to: outside, tier: .grid))
        #expect(answer.across?.code == view.locator.units[Int(nearest.unit)].code)
        #expect(abs(nearest.metres - distance) < 1e-9)
        // Other tiers answer too; the district's outer edge is the grids' outer edge here.
        let district = try view.nearestBoundary(to: outside, tier: .district)
        #expect(try district.across?.tier == "district" && abs(#require(district.distanceM) - distance) < 0.01)
    }
}
