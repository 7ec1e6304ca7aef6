import Foundation
import GridDomain

/// What a lookup or a command could not do, said plainly.
public enum AtlasError: Error, Equatable, CustomStringConvertible {
    case noGenerationInForce(Date)
    case emptyStore
    case badAccuracy(Double)

    public var description: String {
        switch self {
        case .noGenerationInForce(let date):
            "no published generation is in force at \(Dates.format(date)) (see: gridatlas generations list)"
        case .emptyStore:
            "the store holds no generation yet: import units first (gridatlas import units FILE --generation NAME --activate)"
        case .badAccuracy(let value):
            "accuracy must be a radius in metres between 0 and 100000, got \(value)"
        }
    }
}
