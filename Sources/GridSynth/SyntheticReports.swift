import Foundation
import GridDomain
import GridGeometry

/// A deterministic history of reports (事件) for a demo district, planned but not filed: where
/// and when each report was made, under which matter, and every step of its case with its time.
///
/// The map console and the figures need months of history to show anything, and a history made
/// of uniform noise shows nothing worth looking at. So the plan has the shapes a real district
/// has: a handful of hot-spot grids that keep reporting, more reports in the rainy summer than
/// around the Spring Festival, few at night, most cases closed within their matter's deadline and
/// some late, a few rejected or reopened, the last days' cases still open. In the last week a few
/// grids are made to pile up reports, so the early-warning levels show every colour.
///
/// Pure: no store and no clock. The same configuration, grids and matters give the same plan on
/// every machine. Filing it is the caller's business (`gridatlas reports simulate` routes each
/// report through the desk and stores the whole history in one transaction).
public struct SyntheticReports: Sendable {
    public struct Config: Sendable {
        public var count = 1500
        public var days = 180
        /// The moment the history ends ("now" for the demo): nothing is requested or moved after it.
        public var end: Date
        public var seed: UInt64 = 20_261_124
        /// The early-warning rule the last week is shaped for: reports per grid within
        /// `warningWindowHours` where levels 1-4 start (the default rule is 3/5/8/12 in 168 h).
        public var warningThresholds: [Int] = [3, 5, 8, 12]
        public var warningWindowHours = 168.0
        /// Grids that report several times as often as the others.
        public var hotSpots = 5
        /// Shares of reports, each as a probability.
        public var rejectedShare = 0.04
        public var overdueShare = 0.15
        public var reopenedShare = 0.03
        public var outsideShare = 0.01

        public init(end: Date) {
            self.end = end
        }
    }

    /// One step of a case: the state it moves to and when, with the dispatcher's note, and the
    /// department a transfer (流转) sends it to.
    public struct Step: Sendable, Equatable {
        public var to: CaseState
        public var at: Date
        public var note: String
        public var department: String?
    }

    /// One report as it will be filed: its position (WGS84) and grid (nil for the few made just
    /// outside the district), matter, moments, where it came from, and its case's steps up to `end`.
    public struct Planned: Sendable, Equatable {
        public var matter: String
        public var grid: String?
        public var position: LonLat
        public var requestedAt: Date
        public var receivedAt: Date
        /// `citizen`, `worker`, `hotline` or `camera`.
        public var source: String
        public var steps: [Step]

        /// The state the case is in at the history's end.
        public var finalState: CaseState { steps.last?.to ?? .reported }
    }

    /// A grid the last week was shaped for, with the level its report count was aimed at.
    public struct Surge: Sendable, Equatable {
        public var grid: String
        public var level: Int
        public var reports: Int
    }

    /// Every report, oldest first.
    public let reports: [Planned]
    public let hotSpots: [String]
    /// The grids brought to a warning level in the last week.
    public let surges: [Surge]

    /// - Parameters:
    ///   - grids: the district's grids (other tiers are ignored); positions are drawn inside them.
    ///   - matters: the catalogue's matters; deadlines time the cases, co-departments give transfers.
    public init(_ config: Config, grids: [AreaUnit], matters: [Matter]) {
        precondition(config.count > 0 && config.days > 0, "a history needs reports and days")
        let places = GridPlaces(grids.filter { $0.tier == .grid })
        precondition(!places.codes.isEmpty && !matters.isEmpty, "a history needs grids and matters")
        var rng = SplitMix.derived(config.seed, 1)
        let clock = ReportClock(end: config.end, days: config.days, seed: config.seed)
        let menu = MatterMenu(matters.sorted { $0.code < $1.code }, rng: &rng)

        // Grid weights: most grids alike give or take a half, a few hot spots far above.
        var weights = places.codes.map { _ in 0.5 + rng.unit() }
        let hot = Array(rng.shuffled(Array(places.codes.indices)).prefix(min(config.hotSpots, places.codes.count / 4)))
        for i in hot { weights[i] *= 4 + 3 * rng.unit() }
        hotSpots = hot.map { places.codes[$0] }.sorted()

        // The grids the last week piles reports into: neither hot spots (they are busy already)
        // nor, later, the target of filler reports, so each ends where it was aimed.
        let cool = rng.shuffled(places.codes.indices.filter { !hot.contains($0) })
        let surgeLevels = Self.surgeLevels(count: config.count, thresholds: config.warningThresholds)
        let surgeGrids = Array(cool.prefix(surgeLevels.count))
        let surgeTotal = surgeLevels.reduce(0) { $0 + $1.reports }

        let background = config.count - surgeTotal
        let outside = Int((Double(background) * config.outsideShare).rounded())
        let lives = CaseLives(config: config, clock: clock)
        var planned: [Planned] = []
        planned.reserveCapacity(config.count)
        func plan(grid: Int?, matter: Matter, at requestedAt: Date, canReject: Bool) {
            let position = grid.map { places.point(in: $0, &rng) } ?? places.pointOutside(&rng)
            let source = Self.source(&rng)
            let receivedAt = lives.arrival(of: requestedAt, source: source, &rng)
            let steps = lives.steps(requestedAt: requestedAt, receivedAt: receivedAt, matter: matter, canReject: canReject, &rng)
            planned.append(Planned(matter: matter.code, grid: grid.map { places.codes[$0] }, position: position,
                                   requestedAt: requestedAt, receivedAt: receivedAt, source: source, steps: steps))
        }
        let ordinary = WeightedPick(weights)
        for _ in 0..<(background - outside) {
            plan(grid: ordinary.pick(&rng), matter: menu.pick(&rng), at: clock.moment(&rng), canReject: true)
        }
        for _ in 0..<outside { plan(grid: nil, matter: menu.pick(&rng), at: clock.moment(&rng), canReject: true) }

        // Top each surge grid up to its aim, counting what the background already put in its
        // window (rejected reports do not count towards a level); the reports not needed go to
        // other grids at any time.
        let windowStart = config.end.addingTimeInterval(-config.warningWindowHours * 3600)
        var surges: [Surge] = []
        var spare = 0
        for (aim, grid) in zip(surgeLevels, surgeGrids) {
            let code = places.codes[grid]
            let already = planned.filter { $0.grid == code && $0.requestedAt > windowStart && $0.finalState != .rejected }.count
            let added = max(0, aim.reports - already)
            spare += aim.reports - added
            let theme = menu.pick(&rng)
            let recent = clock.within(from: max(windowStart, clock.start).addingTimeInterval(12 * 3600), to: config.end.addingTimeInterval(-600))
            for _ in 0..<added {
                plan(grid: grid, matter: rng.unit() < 0.7 ? theme : menu.pick(&rng), at: recent(&rng), canReject: false)
            }
            surges.append(Surge(grid: code, level: aim.level, reports: already + added))
        }
        var others = weights
        for grid in surgeGrids { others[grid] = 0 }
        let filler = WeightedPick(others)
        for _ in 0..<spare { plan(grid: filler.pick(&rng), matter: menu.pick(&rng), at: clock.moment(&rng), canReject: true) }
        self.surges = surges

        reports = planned.enumerated().sorted { a, b in
            a.element.requestedAt != b.element.requestedAt ? a.element.requestedAt < b.element.requestedAt : a.offset < b.offset
        }.map(\.element)
    }

    /// What the last week aims at, as (level, reports in the window): two blue, two yellow, an
    /// orange and a red grid, each aimed mid-way into its level (red a couple above its start) so
    /// a stray background report does not tip it into the next. Small histories get fewer.
    static func surgeLevels(count: Int, thresholds: [Int]) -> [(level: Int, reports: Int)] {
        guard thresholds.count == 4 else { return [] }
        func aim(_ level: Int) -> Int {
            level == 4 ? thresholds[3] + 2 : (thresholds[level - 1] + thresholds[level]) / 2
        }
        var chosen: [(level: Int, reports: Int)] = []
        var total = 0
        for level in [1, 2, 3, 4, 1, 2] where total + aim(level) <= count / 3 {
            chosen.append((level, aim(level)))
            total += aim(level)
        }
        return chosen
    }

    /// Half from citizens' phones, most of the rest from grid workers on patrol.
    static func source(_ rng: inout SplitMix) -> String {
        let u = rng.unit()
        return u < 0.50 ? "citizen" : u < 0.88 ? "worker" : u < 0.97 ? "hotline" : "camera"
    }
}

/// Positions inside the district's grids, tested with the same Locator intake uses, so a planned
/// grid is the grid intake will file the report in.
struct GridPlaces {
    let codes: [String]
    private let boxes: [BoundingBox]
    private let locator: Locator
    private let gridIds: [String: Int32]
    private let extent: BoundingBox

    init(_ grids: [AreaUnit]) {
        let sorted = grids.sorted { $0.code < $1.code }
        codes = sorted.map(\.code)
        boxes = sorted.map(\.geometry.bounds)
        locator = Locator(units: sorted)
        var ids: [String: Int32] = [:]
        for code in codes { ids[code] = locator.id(of: code) }
        gridIds = ids
        extent = boxes.reduce(into: BoundingBox.empty) { $0.extend($1) }
    }

    /// A point inside grid `index`, at a phone's precision (6 decimals, about 10 cm), drawn from
    /// its bounding box until the Locator puts it in that grid.
    func point(in index: Int, _ rng: inout SplitMix) -> LonLat {
        let box = boxes[index]
        let id = gridIds[codes[index]]
        while true {
            let p = Self.rounded(LonLat(box.minLon + rng.unit() * (box.maxLon - box.minLon),
                                        box.minLat + rng.unit() * (box.maxLat - box.minLat)))
            if locator.locate(p).grid == id { return p }
        }
    }

    /// A point within about 500 m outside the district: intake files it for manual dispatch.
    func pointOutside(_ rng: inout SplitMix) -> LonLat {
        let margin = 0.005
        while true {
            let p = Self.rounded(LonLat(extent.minLon - margin + rng.unit() * (extent.maxLon - extent.minLon + 2 * margin),
                                        extent.minLat - margin + rng.unit() * (extent.maxLat - extent.minLat + 2 * margin)))
            if locator.locate(p).grid < 0 { return p }
        }
    }

    static func rounded(_ p: LonLat) -> LonLat {
        LonLat((p.lon * 1e6).rounded() / 1e6, (p.lat * 1e6).rounded() / 1e6)
    }
}

/// Picks an index with probability proportional to its weight (a cumulative table and a binary search).
struct WeightedPick {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var sum = 0.0
        cumulative = weights.map { sum += max($0, 0); return sum }
    }

    func pick(_ rng: inout SplitMix) -> Int {
        let target = rng.unit() * cumulative.last!
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// The matters, a few common (rubbish, parking, noise) and a long tail of rare ones: weights fall
/// with rank (Zipf-like) over an order drawn from the seed.
struct MatterMenu {
    private let matters: [Matter]
    private let pickOne: WeightedPick

    init(_ matters: [Matter], rng: inout SplitMix) {
        self.matters = rng.shuffled(matters)
        pickOne = WeightedPick(self.matters.indices.map { 1 / pow(Double($0) + 1, 0.9) })
    }

    func pick(_ rng: inout SplitMix) -> Matter { matters[pickOne.pick(&rng)] }
}

extension SplitMix {
    /// A Fisher-Yates shuffle driven by this generator (the standard library's may change between versions).
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(next() % UInt64(i + 1)))
        }
        return items
    }
}
