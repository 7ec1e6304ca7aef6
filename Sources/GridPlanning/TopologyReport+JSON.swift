import GridGeometry

/// The report as JSON (the HTTP route's default answer and `gridatlas validate --json`): the
/// summary and every problem with its location; shapes are in the GeoJSON form only.
/// Areas and lengths carry 3 decimals (mm, mm²), positions 7 (about 1 cm).
extension TopologyReport: Encodable {
    enum Keys: String, CodingKey {
        case generation, publishable, units, errors, warnings, tolerances, summary, problems
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(generation, forKey: .generation)
        try c.encode(isPublishable, forKey: .publishable)
        try c.encode(unitCount, forKey: .units)
        try c.encode(errorCount, forKey: .errors)
        try c.encode(warningCount, forKey: .warnings)
        try c.encode(TolerancesJSON(tolerances), forKey: .tolerances)
        try c.encode(summary, forKey: .summary)
        try c.encode(problems, forKey: .problems)
    }

    /// The thresholds under the names the query parameters and CLI options use.
    struct TolerancesJSON: Encodable {
        let tolerances: TopologyTolerances
        init(_ tolerances: TopologyTolerances) { self.tolerances = tolerances }

        enum Keys: String, CodingKey {
            case errorAreaM2 = "error_area_m2", sliverAreaM2 = "sliver_area_m2", sliverWidthM = "sliver_width_m"
            case spikeAngleDegrees = "spike_angle_deg"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(tolerances.errorAreaM2, forKey: .errorAreaM2)
            try c.encode(tolerances.sliverAreaM2, forKey: .sliverAreaM2)
            try c.encode(tolerances.sliverWidthM, forKey: .sliverWidthM)
            try c.encode(tolerances.spikeAngleDegrees, forKey: .spikeAngleDegrees)
        }
    }

    static func rounded(_ value: Double, _ digits: Double = 1000) -> Double { (value * digits).rounded() / digits }
}

extension TopologyReport.SummaryRow: Encodable {
    enum Keys: String, CodingKey {
        case tier, kind, count, errors, warnings, areaM2 = "area_m2"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(tier, forKey: .tier)
        try c.encode(kind, forKey: .kind)
        try c.encode(count, forKey: .count)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encodeIfPresent(areaM2.map { TopologyReport.rounded($0) }, forKey: .areaM2)
    }
}

extension TopologyProblem: Encodable {
    enum Keys: String, CodingKey {
        case kind, severity, tier, codes, neighbours, message, location
        case areaM2 = "area_m2", widthM = "width_m"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(tier, forKey: .tier)
        try c.encode(codes, forKey: .codes)
        if !neighbours.isEmpty { try c.encode(neighbours, forKey: .neighbours) }
        try c.encodeIfPresent(areaM2.map { TopologyReport.rounded($0) }, forKey: .areaM2)
        try c.encodeIfPresent(widthM.map { TopologyReport.rounded($0) }, forKey: .widthM)
        try c.encodeIfPresent(location.map { [TopologyReport.rounded($0.lon, 1e7), TopologyReport.rounded($0.lat, 1e7)] }, forKey: .location)
        try c.encode(message, forKey: .message)
    }
}

extension TopologyProblem.Neighbour: Encodable {
    enum Keys: String, CodingKey {
        case code, sharedM = "shared_m"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(code, forKey: .code)
        try c.encode(TopologyReport.rounded(sharedM), forKey: .sharedM)
    }
}
