/// The answer for one position: the units containing it, the grid's workers, and the generation
/// of boundaries that answered. Field names follow what the JSON output shows.
public struct Resolution: Codable, Sendable, Equatable {
    public struct Input: Codable, Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var crs: String
    }

    public struct UnitAnswer: Codable, Sendable, Equatable {
        public var tier: String
        public var code: String
        public var name: String
    }

    public struct Worker: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var role: String
        /// Shown to dispatchers and above only: nil when the caller may not see it.
        public var phone: String?
    }

    public struct Nearest: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        /// Geodesic distance from the position to the grid's boundary.
        public var distanceM: Double
        public var point: [Double]

        enum CodingKeys: String, CodingKey {
            case code, name, point
            case distanceM = "distance_m"
        }
    }

    public struct Candidate: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        /// Share of the accuracy circle's area inside this grid, 0...1.
        public var share: Double
    }

    public var input: Input
    /// The position in WGS84 lon/lat after conversion.
    public var wgs84: [Double]
    /// `inside` a grid, in a `gap` of the grid tier, or `outside` every unit.
    public var status: String
    /// The moment the boundaries and roster were read for (ISO 8601, +08:00).
    public var at: String
    public var generation: String
    /// Top tier first.
    public var units: [UnitAnswer]
    /// The grid's workers serving at `at`: leader, full-time, part-time.
    public var workers: [Worker]
    /// The worker a report here is routed to: first full-time, else the leader.
    public var responsible: Worker?
    /// For positions no grid contains: the closest grid.
    public var nearest: Nearest?
    /// With an accuracy radius: every grid the circle touches, largest share first.
    public var candidates: [Candidate]?
    /// With an accuracy radius: the share of the circle outside every grid.
    public var outsideShare: Double?

    enum CodingKeys: String, CodingKey {
        case input, wgs84, status, at, generation, units, workers, responsible, nearest, candidates
        case outsideShare = "outside_share"
    }
}

extension Resolution {
    /// The same answer with workers' phone numbers removed, for callers below dispatcher.
    public func withoutPhones() -> Resolution {
        var copy = self
        copy.workers = workers.map { var w = $0; w.phone = nil; return w }
        copy.responsible = responsible.map { var w = $0; w.phone = nil; return w }
        return copy
    }
}
