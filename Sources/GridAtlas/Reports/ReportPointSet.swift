import Foundation
import GridDomain
import GridStore

/// The window's reports as points for a map (the console clusters them): a GeoJSON
/// FeatureCollection, newest first, at most `limit`, with the total that met the filters so a
/// client can say when it shows only part.
public struct ReportPointSet: Encodable, Sendable {
    public var total: Int
    public var points: [MappedReport]
    public var window: FigureWindow
    public var now: Date

    public var truncated: Bool { points.count < total }

    enum Keys: String, CodingKey { case type, total, returned, truncated, from, to, now, features }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("FeatureCollection", forKey: .type)
        try container.encode(total, forKey: .total)
        try container.encode(points.count, forKey: .returned)
        try container.encode(truncated, forKey: .truncated)
        try container.encode(Dates.format(window.from), forKey: .from)
        try container.encode(Dates.format(window.to), forKey: .to)
        try container.encode(Dates.format(now), forKey: .now)
        try container.encode(points.map { Feature(point: $0, now: now) }, forKey: .features)
    }

    struct Feature: Encodable {
        let point: MappedReport
        let now: Date

        enum Keys: String, CodingKey { case type, id, geometry, properties }
        enum GeometryKeys: String, CodingKey { case type, coordinates }
        enum PropertyKeys: String, CodingKey {
            case matter, state, department, grid, overdue
            case requestedAt = "requested_at", closedAt = "closed_at"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("Feature", forKey: .type)
            try container.encode(point.id, forKey: .id)
            var geometry = container.nestedContainer(keyedBy: GeometryKeys.self, forKey: .geometry)
            try geometry.encode("Point", forKey: .type)
            // 7 decimals (about 1 cm), as every GeoJSON answer here: a map needs no more.
            try geometry.encode([(point.lon * 1e7).rounded() / 1e7, (point.lat * 1e7).rounded() / 1e7], forKey: .coordinates)
            var properties = container.nestedContainer(keyedBy: PropertyKeys.self, forKey: .properties)
            try properties.encode(point.matterCode, forKey: .matter)
            try properties.encode(point.state.rawValue, forKey: .state)
            try properties.encode(point.department, forKey: .department)
            try properties.encodeIfPresent(point.gridCode, forKey: .grid)
            try properties.encode(point.isOverdue(at: now), forKey: .overdue)
            try properties.encode(Dates.format(point.requestedAt), forKey: .requestedAt)
            try properties.encodeIfPresent(point.closedAt.map(Dates.format), forKey: .closedAt)
        }
    }
}

extension ReportFigures {
    /// The largest `limit` a caller may ask for: a browser clusters 100,000 points, not a million.
    public static let maxPoints = 100_000

    /// The newest `limit` reports of the window, as points.
    public func points(window: FigureWindow, limit: Int = 20_000, now: Date = Date()) throws -> ReportPointSet {
        guard (1...Self.maxPoints).contains(limit) else {
            throw QueryError.badParameter(name: "limit", reason: "\(limit) is outside 1...\(Self.maxPoints)")
        }
        try check(window)
        let (points, total) = try store.mappedReports(window.filter, limit: limit)
        return ReportPointSet(total: total, points: points, window: window, now: now)
    }
}
