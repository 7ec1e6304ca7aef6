import GridGeometry
import Synchronization

/// Coordinate converters kept for reuse between requests, a few per CRS.
///
/// Making a converter for an EPSG code builds a PROJ transformation from PROJ's database, which
/// took 80 ms here (debug build): more than the rest of a geometry request. A converter is not
/// thread-safe, so each is lent to one caller at a time and handed back afterwards.
public final class ConverterPool: Sendable {
    public static let shared = ConverterPool()

    /// Lets a converter sit in the Mutex; only ever used by the one borrower that took it out.
    private final class Lent: @unchecked Sendable {
        let converter: CoordinateConverter
        init(_ converter: CoordinateConverter) { self.converter = converter }
    }

    private let idle = Mutex([CRS: [Lent]]())
    /// Converters kept per CRS; more are made under load and dropped when handed back.
    private let keep = 4

    /// Runs `body` with a converter for `crs` that no other thread uses meanwhile.
    public func with<T>(_ crs: CRS, _ body: (CoordinateConverter) throws -> T) throws -> T {
        // Offsets and the internal datum need no PROJ object: a fresh converter costs less than the lock.
        switch crs {
        case .wgs84, .cgcs2000, .gcj02, .bd09: return try body(try CoordinateConverter(from: crs))
        case .epsg(let code) where code == 4326 || code == 4490: return try body(try CoordinateConverter(from: crs))
        case .epsg: break
        }
        let lent = try idle.withLock { $0[crs]?.popLast() } ?? Lent(try CoordinateConverter(from: crs))
        defer {
            idle.withLock { pool in
                if pool[crs, default: []].count < keep { pool[crs, default: []].append(lent) }
            }
        }
        return try body(lent.converter)
    }
}
