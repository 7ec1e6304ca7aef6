/// The figures a density answer has per unit, by the names requests use.
public enum DensityMeasure: String, CaseIterable, Sendable, Codable {
    case households
    case population
    case workers
    case areaKm2 = "area_km2"
    case householdsPerKm2 = "households_per_km2"
    case populationPerKm2 = "population_per_km2"
    case workersPerKm2 = "workers_per_km2"
    case householdsPerWorker = "households_per_worker"

    /// The measure named in a request, or ``QueryError/unknownMeasure(_:valid:)`` listing them all.
    public static func query(_ name: String) throws(QueryError) -> DensityMeasure {
        guard let measure = DensityMeasure(rawValue: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .unknownMeasure(name, valid: allCases.map(\.rawValue))
        }
        return measure
    }

    /// The measure's value in a row; nil where it is unknown (no household figure) or undefined
    /// (per worker with no worker, per km² of a unit without area).
    public func value(in row: DensityRow) -> Double? {
        switch self {
        case .households: row.households.map(Double.init)
        case .population: row.population.map(Double.init)
        case .workers: Double(row.workers)
        case .areaKm2: row.areaKm2
        case .householdsPerKm2: row.householdsPerKm2
        case .populationPerKm2: row.populationPerKm2
        case .workersPerKm2: row.workersPerKm2
        case .householdsPerWorker: row.householdsPerWorker
        }
    }
}
