import Foundation

/// The formats a batch of points may arrive in, chosen by the request's Content-Type.
public enum BatchFormat: String, Sendable, CaseIterable {
    /// A top-level array of `[lon, lat]` pairs or `{"lon":..,"lat":..,"id":..,"crs":..,"at":..}` objects.
    case json
    /// A FeatureCollection of Point features.
    case geojson
    /// A CSV with a header line naming lon/lat columns (and optionally id, at, crs).
    case csv

    /// The format for a Content-Type header value (parameters such as `; charset=utf-8` are
    /// ignored), or nil for a type no reader handles.
    public init?(contentType: String) {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "application/json", "text/json": self = .json
        case "application/geo+json", "application/vnd.geo+json": self = .geojson
        case "text/csv", "application/csv": self = .csv
        default: return nil
        }
    }
}

/// The formats an answer can be written in, chosen by the request's Accept header.
public enum BatchAnswerFormat: String, Sendable, CaseIterable {
    case json
    case csv

    /// CSV when the Accept header asks for `text/csv` before any JSON type; JSON otherwise
    /// (including a missing header or `*/*`).
    public init(accept: String?) {
        guard let accept else { self = .json; return }
        for part in accept.split(separator: ",") {
            let type = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if type == "text/csv" { self = .csv; return }
            if type.hasSuffix("json") { self = .json; return }
        }
        self = .json
    }

    public var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}
