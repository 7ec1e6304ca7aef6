import GridDomain
import GridGeometry

/// What a boundary or density question could not answer, naming the parameter at fault.
///
/// The HTTP layer maps ``unknownUnit(_:)`` to 404 and ``engineFailure(_:)`` (GEOS failed on
/// stored data: the service's fault) to 500; every other case is the caller's to fix (400).
public enum QueryError: Error, Equatable, CustomStringConvertible {
    /// No unit of this code in the generation asked.
    case unknownUnit(String)
    /// The tier name is none of district, subdistrict, community, grid, micro_area.
    case unknownTier(String)
    /// The measure name is not one a density answer has.
    case unknownMeasure(String, valid: [String])
    /// A parameter's value is out of range or unreadable.
    case badParameter(name: String, reason: String)
    /// Geometry text that cannot be read, or that describes an invalid shape (GEOS's reason).
    case badGeometry(reason: String)
    /// A request over a size limit: `size` and `limit` in `unit`.
    case tooLarge(name: String, size: Double, limit: Double, unit: String)
    /// GEOS failed on stored geometry (not the caller's doing).
    case engineFailure(String)

    public var description: String {
        switch self {
        case .unknownUnit(let code):
            "unit '\(code)': no unit with this code in the generation asked"
        case .unknownTier(let name):
            "tier '\(name)' is unknown: use \(Tier.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownMeasure(let name, let valid):
            "measure '\(name)' is unknown: use \(valid.joined(separator: ", "))"
        case .badParameter(let name, let reason):
            "\(name): \(reason)"
        case .badGeometry(let reason):
            "geometry: \(reason)"
        case .tooLarge(let name, let size, let limit, let unit):
            "\(name) is too large: \(FixedDecimal.text(size, decimals: 3)) \(unit), the limit is \(FixedDecimal.text(limit, decimals: 3)) \(unit)"
        case .engineFailure(let message):
            "the geometry engine failed on stored data: \(message)"
        }
    }
}

extension Tier {
    /// The tier named in a request (`grid`, `micro-area`, `county`, ...), or ``QueryError/unknownTier(_:)``.
    public static func query(_ name: String) throws(QueryError) -> Tier {
        guard let tier = Tier(name: name.trimmingCharacters(in: .whitespaces)) else { throw .unknownTier(name) }
        return tier
    }
}

extension CRS {
    /// The CRS named in a request, checked against PROJ's database for EPSG codes, or
    /// ``QueryError/badParameter(name:reason:)`` naming `parameter`.
    public static func query(_ text: String, parameter: String = "crs") throws(QueryError) -> CRS {
        let crs: CRS
        do { crs = try CRS(parsing: text) } catch { throw .badParameter(name: parameter, reason: error.description) }
        do { _ = try ProjCRSKind(crs) } catch { throw .badParameter(name: parameter, reason: error.description) }
        return crs
    }
}

/// Runs GEOS work on stored geometry, turning a GEOS failure into ``QueryError/engineFailure(_:)``.
func engine<T>(_ body: () throws(GEOSError) -> T) throws(QueryError) -> T {
    do { return try body() } catch { throw .engineFailure(error.message) }
}
