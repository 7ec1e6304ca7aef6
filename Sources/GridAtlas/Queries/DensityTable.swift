import Foundation
import GridDomain

/// One unit's load: base figures, the workers serving it at a moment, and their ratios.
public struct DensityRow: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var tier: String
    public var households: Int?
    public var population: Int?
    /// Distinct workers serving the unit or any unit below it at the moment asked.
    public var workers: Int
    public var areaKm2: Double
    public var householdsPerKm2: Double?
    public var populationPerKm2: Double?
    public var workersPerKm2: Double?
    /// Nil when no worker serves the unit.
    public var householdsPerWorker: Double?

    enum CodingKeys: String, CodingKey {
        case code, name, tier, households, population, workers
        case areaKm2 = "area_km2"
        case householdsPerKm2 = "households_per_km2"
        case populationPerKm2 = "population_per_km2"
        case workersPerKm2 = "workers_per_km2"
        case householdsPerWorker = "households_per_worker"
    }
}

/// Density per unit of one tier at one moment: what the "density" routes answer, and the rows
/// their rankings and choropleths are made from.
public struct DensityTable: Codable, Sendable, Equatable {
    public var generation: String
    public var tier: String
    /// The moment the roster was read for (ISO 8601, +08:00).
    public var at: String
    /// One row per unit of the tier, in code order.
    public var rows: [DensityRow]

    /// - Parameters:
    ///   - roster: every assignment; only those valid at `at` count.
    ///   - at: the moment: rosters change over time (``Roster/workers(of:at:)``).
    ///
    /// A unit's workers are the distinct worker ids assigned to it or to any unit below it: for a
    /// grid its own workers, for a community those of its grids (plus anyone assigned to the
    /// community itself), and so on up. A worker serving two grids of a community counts once there.
    public init(view: GenerationView, tier: Tier, roster: Roster, at: Date) {
        generation = view.generationName
        self.tier = tier.rawValue
        self.at = Dates.format(at)
        rows = view.ids(of: tier).map { id in
            let workers = view.workers(of: id, roster: roster, at: at)
            let unit = view.unit(id)
            let km2 = view.areas[Int(id)] / 1e6
            func perKm2(_ value: Int?) -> Double? { km2 > 0 ? value.map { Double($0) / km2 } : nil }
            return DensityRow(code: unit.code, name: unit.name, tier: unit.tier.rawValue, households: unit.households,
                              population: unit.population, workers: workers.count, areaKm2: km2,
                              householdsPerKm2: perKm2(unit.households), populationPerKm2: perKm2(unit.population),
                              workersPerKm2: perKm2(workers.count),
                              householdsPerWorker: workers.isEmpty ? nil : unit.households.map { Double($0) / Double(workers.count) })
        }
    }
}
