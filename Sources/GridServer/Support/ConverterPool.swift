import GridGeometry
import Synchronization

/// Coordinate converters kept for reuse: one for a projected EPSG code costs about a millisecond
/// to make (PROJ builds the pipeline), and a converter must serve one request at a time.
final class ConverterPool: Sendable {
    // Box: CoordinateConverter is a non-Sendable class; the pool hands each to one task at a time.
    private struct Entry: @unchecked Sendable { let converter: CoordinateConverter }
    private let idle = Mutex<[CRS: [Entry]]>([:])

    /// Runs `body` with a converter from `crs`, returning it to the pool afterwards.
    func with<T>(_ crs: CRS, _ body: (CoordinateConverter) throws -> T) throws -> T {
        let converter = try idle.withLock { $0[crs]?.popLast()?.converter } ?? CoordinateConverter(from: crs)
        defer {
            let entry = Entry(converter: converter)
            idle.withLock { pool in
                if pool[crs, default: []].count < 16 { pool[crs, default: []].append(entry) }
            }
        }
        return try body(converter)
    }
}
