import Foundation
import GridDomain
import GridGeometry
import GridStore

/// Report density and performance figures: what the `/reports/density`, `/reports/bins`,
/// `/reports/figures` and `/reports/spot-check` routes and `gridatlas figures` answer, callable
/// directly (the benchmark times ``density(tier:window:generation:)`` this way).
///
/// Every figure is one aggregate query on the store (GridStore+ReportFigures) laid over the units
/// of a generation: the one in force at the window's last moment, or the one pinned by name. Units
/// come from that generation, counts from the codes each report was filed under; a report filed
/// under older boundaries keeps its old code, so such reports are summed apart (`unmatched`)
/// rather than moved or dropped.
public struct ReportFigures: Sendable {
    public let desk: ReportDesk

    public init(desk: ReportDesk) { self.desk = desk }

    var atlas: Atlas { desk.atlas }
    var store: GridStore { desk.store }

    // MARK: Figures

    /// Reports per unit of `tier` in the window, per km², and against the previous period.
    public func density(tier: Tier = .grid, window: FigureWindow, generation: String? = nil) throws -> ReportDensity {
        try check(window)
        let view = try view(at: window.lastMoment, generation: generation)
        let counts = try store.reportCounts(by: tier, from: window.from, to: window.to, previousFrom: window.previousFrom,
                                            narrowedBy: window.filter)
        return ReportDensity(counts: counts, view: view, tier: tier, window: window)
    }

    /// Reports per responsible worker in the window, with how many are still open.
    public func workers(window: FigureWindow) throws -> WorkerLoad {
        try check(window)
        return WorkerLoad(counts: try store.workerCounts(window.filter), window: window)
    }

    /// The window's reports in cells of `cellMetres` around the district of the generation used.
    public func bins(window: FigureWindow, shape: ReportBins.Shape = .square, cellMetres: Double, generation: String? = nil,
                     maxCells: Int = ReportBins.standardMaxCells) throws -> ReportBins {
        try check(window)
        let view = try view(at: window.lastMoment, generation: generation)
        let positions = try store.reportPositions(window.filter)
        // The district's extent fixes the frame; without units (never in practice), the reports'.
        var extent = BoundingBox.empty
        for id in view.ids(of: .district) { extent.extend(view.bounds[Int(id)]) }
        if extent.isEmpty { for id in view.units.indices { extent.extend(view.bounds[id]) } }
        if extent.isEmpty { for p in positions { extent.extend(LonLat(p.lon, p.lat)) } }
        let frame = extent.isEmpty ? LocalFrame(centre: LonLat(0, 0)) : LocalFrame(around: extent)
        var bins = try ReportBins(positions: positions, frame: frame, shape: shape, cellMetres: cellMetres, maxCells: maxCells)
        bins.generation = view.generationName
        return bins
    }

    /// Closing and on-time rates, handling time, open and overdue cases per unit of a tier or per
    /// department, for the reports requested in the window; overdue is judged at `now`.
    public func performance(by key: CaseTallyKey, window: FigureWindow, now: Date = Date(),
                            generation: String? = nil) throws -> ReportPerformance {
        try check(window)
        let tallies = try store.caseTallies(groupedBy: key, window.filter, now: now)
        switch key {
        case .department:
            return ReportPerformance(tallies: tallies, catalogue: try desk.catalogue(), window: window, now: now)
        case .unit(let tier):
            let view = try view(at: window.lastMoment, generation: generation)
            return ReportPerformance(tallies: tallies, view: view, tier: tier, window: window, now: now)
        }
    }

    /// `perCommunity` cases drawn per community among those closed in `week`, reproducibly from `seed`.
    public func spotCheck(week: ISOWeek, seed: UInt64, perCommunity: Int = 3, generation: String? = nil) throws -> SpotCheck {
        guard (1...100).contains(perCommunity) else {
            throw QueryError.badParameter(name: "per_community", reason: "\(perCommunity) is outside 1...100")
        }
        guard seed <= SpotCheck.maxSeed else {
            throw QueryError.badParameter(name: "seed", reason: "\(seed) is larger than \(SpotCheck.maxSeed) (2⁵³ − 1)")
        }
        let view = try view(at: week.end.addingTimeInterval(-0.001), generation: generation, parameter: "week")
        return SpotCheck(cases: try store.casesClosed(from: week.start, to: week.end), week: week, seed: seed,
                         perCommunity: perCommunity, view: view)
    }

    // MARK: Parameters

    /// What `by` names: `department`, or a tier (`grid`, `community`, ...).
    public static func grouping(_ text: String) throws(QueryError) -> CaseTallyKey {
        if text.lowercased() == "department" { return .department }
        guard let tier = Tier(name: text.trimmingCharacters(in: .whitespaces)) else {
            throw .badParameter(name: "by", reason: "'\(text)' is neither department nor a tier (\(Tier.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .unit(tier)
    }

    /// Refuses a matter or department that is neither in the catalogue nor on any report: most
    /// likely a typo, which would otherwise answer a quiet row of zeros.
    public func check(_ window: FigureWindow) throws {
        guard window.matters != nil || window.departments != nil else { return }
        let catalogue = try desk.catalogue()
        for code in window.matters ?? [] where catalogue.matter(code) == nil {
            guard try store.reportsExist(matter: code) else {
                throw QueryError.badParameter(name: "matter", reason: "'\(code)' is not a matter in the catalogue and no report was filed under it")
            }
        }
        for code in window.departments ?? [] where catalogue.department(code) == nil {
            guard try store.reportsExist(department: code) else {
                throw QueryError.badParameter(name: "department", reason: "'\(code)' is not a department in the catalogue and holds no report")
            }
        }
    }

    /// The view of the generation pinned by name, or in force at `moment`; a moment before any
    /// boundaries is the caller's mistake about the window (named `parameter`), not a missing thing.
    public func view(at moment: Date, generation: String?, parameter: String = "to") throws -> GenerationView {
        do {
            return try atlas.view(for: try atlas.generation(named: generation, at: moment))
        } catch AtlasError.noGenerationInForce(let t) {
            throw QueryError.badParameter(name: parameter, reason: "no boundaries were in force at \(Dates.format(t)), the end of the period asked")
        }
    }
}
