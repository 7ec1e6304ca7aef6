import Foundation
import GridDomain
import GridGeometry

/// What a caller decides for a whole batch: the defaults for points that name no CRS or moment
/// of their own, a pinned generation, and whether answers show phone numbers.
public struct BatchOptions: Sendable {
    /// The CRS of points that name none.
    public var crs: CRS
    /// The moment of points that carry no `at`: picks the generation in force and the roster.
    public var at: Date
    /// Pins a generation by name (drafts too) for every point instead of the one in force.
    public var generation: String?
    /// Workers' phone numbers are personal data: shown only when the caller may see them.
    public var includePhones: Bool

    public init(crs: CRS = .wgs84, at: Date = Dates.now(), generation: String? = nil, includePhones: Bool = false) {
        self.crs = crs
        self.at = at
        self.generation = generation
        self.includePhones = includePhones
    }
}

/// Why a parsed batch cannot be resolved at all (a single point's trouble is its own answer).
public enum BatchResolveError: Error, Equatable, CustomStringConvertible {
    /// The default CRS is an EPSG code PROJ does not know.
    case unknownCRS(String)
    /// The pinned generation does not exist.
    case generationNotFound(String)
    /// Points take the default moment, and no published generation is in force then.
    case noGenerationInForce(Date)
    /// Nothing has been imported yet.
    case emptyStore
    /// The store could not be read.
    case store(String)

    public var description: String {
        switch self {
        case .unknownCRS(let message): message
        case .generationNotFound(let name): "no generation is named '\(name)'"
        case .noGenerationInForce(let date): "no published generation is in force at \(Dates.format(date))"
        case .emptyStore: "the store holds no generation yet"
        case .store(let message): "the store could not be read: \(message)"
        }
    }
}
