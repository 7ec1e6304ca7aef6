import Foundation

/// A coordinate reference system a caller may send positions in.
///
/// `wgs84` and `cgcs2000` are the internal datum (for grid work CGCS2000 equals WGS84 to
/// centimetres, so no shift is applied); `gcj02` and `bd09` are the Chinese map offsets;
/// `epsg(n)` is any other code PROJ knows, geographic or projected.
public enum CRS: Hashable, Sendable, CustomStringConvertible {
    case wgs84
    case cgcs2000
    case gcj02
    case bd09
    case epsg(Int)

    public struct UnknownName: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "unknown CRS '\(text)': use EPSG:<code> (e.g. EPSG:4326, EPSG:4490, EPSG:4547), wgs84, cgcs2000, gcj02 or bd09"
        }
    }

    /// Parses the names users type: `EPSG:4326`, `4326`, `wgs84`, `CGCS2000`, `gcj02`, `GCJ-02`, `bd09`, `BD-09`.
    /// Whether PROJ knows an EPSG number is checked when a converter is made.
    public init(parsing text: String) throws(UnknownName) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        // Hyphens are dropped from names only (GCJ-02, BD-09), never from a code: "EPSG:-3" is no CRS.
        let name = key.replacingOccurrences(of: "-", with: "")
        switch key {
        case "epsg:4326", "4326", "urn:ogc:def:crs:ogc:1.3:crs84", "crs84": self = .wgs84
        case "epsg:4490", "4490": self = .cgcs2000
        case _ where name == "wgs84": self = .wgs84
        case _ where name == "cgcs2000": self = .cgcs2000
        case _ where ["gcj02", "gcj", "mars"].contains(name): self = .gcj02
        case _ where ["bd09", "bd09ll", "baidu"].contains(name): self = .bd09
        default:
            let digits = key.hasPrefix("epsg:") ? String(key.dropFirst(5)) : key
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let code = Int(digits), code > 0 else {
                throw UnknownName(text: text)
            }
            self = .epsg(code)
        }
    }

    public var description: String {
        switch self {
        case .wgs84: "EPSG:4326"
        case .cgcs2000: "EPSG:4490"
        case .gcj02: "gcj02"
        case .bd09: "bd09"
        case .epsg(let code): "EPSG:\(code)"
        }
    }

    /// True when positions in this CRS are longitude/latitude degrees (so range checks apply before conversion).
    public var isGeographicDegrees: Bool {
        switch self {
        case .wgs84, .cgcs2000, .gcj02, .bd09: true
        case .epsg: false
        }
    }
}

