import Foundation
import GridDomain
import GridGeometry

/// Turns a ``Location`` into a ``Resolution`` for one generation, roster and moment. Cheap to
/// make; a batch makes one and reuses it for every point of the same moment.
public struct Answerer: Sendable {
    public let locator: Locator
    public let roster: Roster
    public let at: Date
    public let generation: Generation

    public init(locator: Locator, roster: Roster, at: Date, generation: Generation) {
        self.locator = locator
        self.roster = roster
        self.at = at
        self.generation = generation
    }

    public func resolution(for wgs: LonLat, input: LonLat, crs: CRS, location: Location) -> Resolution {
        let units = location.chain.map { id in
            let unit = locator.units[Int(id)]
            return Resolution.UnitAnswer(tier: unit.tier.rawValue, code: unit.code, name: unit.name)
        }
        var workers: [Resolution.Worker] = []
        var responsible: Resolution.Worker?
        if location.grid >= 0 {
            let code = locator.units[Int(location.grid)].code
            let serving = roster.workers(of: code, at: at)
            workers = serving.map(Self.worker)
            responsible = Roster.responsible(among: serving).map(Self.worker)
        }
        var nearest: Resolution.Nearest?
        if location.grid < 0, let hit = locator.nearest(to: wgs, tier: .grid) {
            let unit = locator.units[Int(hit.unit)]
            nearest = Resolution.Nearest(code: unit.code, name: unit.name, distanceM: (hit.metres * 100).rounded() / 100,
                                         point: [hit.point.lon, hit.point.lat])
        }
        return Resolution(input: .init(x: input.lon, y: input.lat, crs: crs.description), wgs84: [wgs.lon, wgs.lat],
                          status: location.status.rawValue, at: Dates.format(at), generation: generation.name,
                          units: units, workers: workers, responsible: responsible, nearest: nearest)
    }

    public static func worker(_ entry: RosterEntry) -> Resolution.Worker {
        Resolution.Worker(id: entry.workerId, name: entry.name, role: entry.role.rawValue, phone: entry.phone)
    }
}
