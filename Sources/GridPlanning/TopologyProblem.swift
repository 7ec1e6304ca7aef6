import GridDomain
import GridGeometry

/// One thing wrong with how a generation's units fit together: what, how bad, where, and which
/// units are involved, so that a planner can find it on a map and fix it.
public struct TopologyProblem: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// Part of a parent covered by none of its children.
        case gap
        /// Two siblings covering the same ground.
        case overlap
        /// Part of a child outside its parent.
        case spill
        /// A unit (or one part of it) too small or too thin to be meant.
        case sliver
        /// A vertex where the boundary turns back on itself (a needle in or out).
        case spike
        /// GEOS refuses the shape (self-intersection, ring too short, ...): its reason and vertex.
        case invalidGeometry = "invalid_geometry"
        /// The code does not extend the parent's code.
        case codePrefix = "code_prefix"
        /// Two or more units share a code.
        case codeDuplicate = "code_duplicate"
        /// The code's length (or its characters) does not fit the declared tier.
        case codeTier = "code_tier"
        /// No parent given, or no unit with the parent's code.
        case missingParent = "missing_parent"
        /// The parent exists but is not one tier up (or a district was given a parent).
        case parentTier = "parent_tier"
        /// Siblings not numbered west→east, north→south (see ``SequenceRule``).
        case codeSequence = "code_sequence"
        /// GEOS failed while comparing a family's shapes: the family is unchecked, hence an error.
        case checkFailed = "check_failed"

        public static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// Gaps, overlaps, spills and slivers have an area.
        public var isAreal: Bool { [.gap, .overlap, .spill, .sliver].contains(self) }
    }

    /// Errors block publishing; warnings are listed for the planner to judge.
    public enum Severity: String, Sendable, Codable, Comparable {
        case error
        case warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// A unit beside a gap and the length of boundary they share, in metres.
    public struct Neighbour: Sendable, Equatable {
        public var code: String
        public var sharedM: Double

        public init(code: String, sharedM: Double) {
            self.code = code
            self.sharedM = sharedM
        }
    }

    public var kind: Kind
    public var severity: Severity
    /// The tier whose units have the problem: for a gap or an overlap, the children's tier.
    public var tier: Tier
    /// The units involved: for a gap the parent first, then the children touching it; for an
    /// overlap the pair; for a spill the child then its parent; otherwise the unit itself.
    public var codes: [String]
    /// For a gap: the children touching it, longest shared boundary first.
    public var neighbours: [Neighbour]
    /// Geodesic area in m² (gaps, overlaps, spills, slivers).
    public var areaM2: Double?
    /// Mean width in metres (2 × area / perimeter) of an areal problem: tells a sliver from a hole.
    public var widthM: Double?
    /// A point on the problem: GEOS's point on surface of its area, the invalid or spiky vertex,
    /// or a point inside the unit for code problems.
    public var location: LonLat?
    /// The problem's own shape: the gap, overlap or spill polygons, the sliver part, the vertex
    /// point, or a line between two siblings out of sequence.
    public var geometry: SimpleGeometry?
    /// What is wrong, in words, with the figures.
    public var message: String

    public init(kind: Kind, severity: Severity, tier: Tier, codes: [String], neighbours: [Neighbour] = [],
                areaM2: Double? = nil, widthM: Double? = nil, location: LonLat? = nil, geometry: SimpleGeometry? = nil,
                message: String) {
        self.kind = kind
        self.severity = severity
        self.tier = tier
        self.codes = codes
        self.neighbours = neighbours
        self.areaM2 = areaM2
        self.widthM = widthM
        self.location = location
        self.geometry = geometry
        self.message = message
    }

    /// The order problems are listed in: errors first, then by tier, kind and codes.
    static func listed(_ a: TopologyProblem, _ b: TopologyProblem) -> Bool {
        if a.severity != b.severity { return a.severity < b.severity }
        if a.tier != b.tier { return a.tier < b.tier }
        if a.kind != b.kind { return a.kind < b.kind }
        if a.codes != b.codes { return a.codes.lexicographicallyPrecedes(b.codes) }
        return (a.location?.lon ?? 0, a.location?.lat ?? 0) < (b.location?.lon ?? 0, b.location?.lat ?? 0)
    }
}

/// Numbers as a person reads them in a message: whole m² above 100, two decimals below.
///
/// Thresholds reach these from requests (`sliver_area_m2=9.3e18`), so no value may trap: a whole
/// number beyond `Int`'s range, NaN or an infinity is written in `Double`'s own notation
/// instead of going through `Int(_:)`, which stops the process on them.
enum Figures {
    static func area(_ value: Double) -> String {
        value >= 100 ? whole(value) + " m²" : trimmed(value, 2) + " m²"
    }

    static func metres(_ value: Double) -> String {
        value >= 100 ? whole(value) + " m" : trimmed(value, 2) + " m"
    }

    static func trimmed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        // A finite product that overflowed to infinity, or NaN: print the value as given.
        guard rounded.isFinite else { return whole(value) }
        if rounded == rounded.rounded() { return whole(rounded) }
        return String(rounded)
    }

    /// A bound as written in a message: `1000000`, `0.001` (no exponent for the ranges used here).
    static func plain(_ value: Double) -> String {
        if let exact = Int(exactly: value) { return String(exact) }
        return String(value)
    }

    /// `value` rounded to a whole number, as digits while `Int` holds it (`1234`), else as
    /// `Double` prints it (`9.3e+18`, `nan`, `inf`).
    static func whole(_ value: Double) -> String {
        let rounded = value.rounded()
        if let exact = Int(exactly: rounded) { return String(exact) }
        return rounded.isNaN ? "nan" : String(rounded)
    }
}
