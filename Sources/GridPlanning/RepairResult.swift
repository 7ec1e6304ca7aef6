import GridDomain
import GridGeometry

/// What a repair did, never silently: the units it changed (whole, ready to store as a new draft
/// revision), one note per change saying what was done to which unit and by how much, and one
/// note per thing it left alone and why. Nothing to do gives empty lists.
public struct RepairResult: Sendable, Equatable {
    public struct Note: Sendable, Equatable {
        public enum Action: String, Sendable, Codable {
            /// Vertices moved onto a neighbour's vertices or edges (``VertexSnapper``).
            case snapped
            /// Vertices added where a neighbour's vertex lies on this unit's edge (``VertexSnapper``).
            case insertedVertices = "inserted_vertices"
            /// A gap joined to this unit (``GapFiller``).
            case filledGap = "filled_gap"
            /// An invalid shape replaced by GEOS's repair (``MakeValid``).
            case madeValid = "made_valid"
            /// Left alone; the message says why.
            case skipped
        }

        /// The unit changed or left alone (for a gap, its parent).
        public var code: String
        public var action: Action
        public var message: String
        /// The largest distance a vertex moved, in metres.
        public var metres: Double?
        /// The area assigned or changed, in m².
        public var areaM2: Double?
        /// Where it happened (a moved vertex, a point inside the gap).
        public var location: LonLat?

        public init(code: String, action: Action, message: String, metres: Double? = nil, areaM2: Double? = nil,
                    location: LonLat? = nil) {
            self.code = code
            self.action = action
            self.message = message
            self.metres = metres
            self.areaM2 = areaM2
            self.location = location
        }
    }

    /// The changed units, in the order they came in.
    public var units: [AreaUnit]
    /// One note per change.
    public var notes: [Note]
    /// One note per thing left alone, with the reason.
    public var skipped: [Note]

    public init(units: [AreaUnit] = [], notes: [Note] = [], skipped: [Note] = []) {
        self.units = units
        self.notes = notes
        self.skipped = skipped
    }

    /// True when the repair changed nothing.
    public var isEmpty: Bool { units.isEmpty }

    /// `units` with the changed ones replaced: the generation as it would be after the repair.
    public func applied(to all: [AreaUnit]) -> [AreaUnit] {
        var changed: [String: AreaUnit] = [:]
        for unit in units { changed[unit.code] = unit }
        return all.map { changed[$0.code] ?? $0 }
    }
}

extension RepairResult.Note: Encodable {
    enum Keys: String, CodingKey {
        case code, action, message, metres, location
        case areaM2 = "area_m2"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(code, forKey: .code)
        try c.encode(action, forKey: .action)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(metres.map { TopologyReport.rounded($0) }, forKey: .metres)
        try c.encodeIfPresent(areaM2.map { TopologyReport.rounded($0) }, forKey: .areaM2)
        try c.encodeIfPresent(location.map { [TopologyReport.rounded($0.lon, 1e7), TopologyReport.rounded($0.lat, 1e7)] }, forKey: .location)
    }
}
