import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import Testing

/// One view shared by many request tasks: each question makes its own GEOS context and borrows
/// its own PROJ converter, so answers in parallel equal answers one by one.
@Suite struct QueryConcurrencyTests {
    struct Answers: Equatable, Sendable {
        var neighbours: Neighbours
        var projected: MultiPolygon
        var hits: Intersections
    }

    static func answers(_ view: GenerationView, _ code: String) throws -> Answers {
        let box = view.bounds[Int(try view.id(of: code))]
        let grown = BoundingBox(minLon: box.minLon - 0.002, minLat: box.minLat - 0.002, maxLon: box.maxLon + 0.002, maxLat: box.maxLat + 0.002)
        return Answers(neighbours: try view.neighbours(of: code),
                       projected: try view.geometry(of: code, crs: .epsg(4545), simplify: 10).shape,
                       hits: try view.intersecting(try QueryGeometry(bbox: grown), tier: .grid))
    }

    @Test func parallelAnswersEqualSequentialOnes() async throws {
        let view = try DemoQueries.view()
        let codes = view.ids(of: .grid).map { view.unit($0).code }
        let sequential = try codes.map { try Self.answers(view, $0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, Answers).self) { group in
            for (i, code) in codes.enumerated() {
                group.addTask { (i, try Self.answers(view, code)) }
            }
            var out = [Answers?](repeating: nil, count: codes.count)
            for try await (i, answer) in group { out[i] = answer }
            return out
        }
        #expect(parallel == sequential.map(Optional.some))
        // Views are shared: every task got the same object.
        let views = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<16 { group.addTask { ObjectIdentifier(try DemoQueries.view()) } }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(views == [ObjectIdentifier(view)])
    }
}
