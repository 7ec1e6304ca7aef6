import Foundation
import GridDomain
import GridGeometry

/// A fictional but realistic district: tiers with irregular shared boundaries, codes by the
/// standard, households and population, and a roster that changes over time.
///
/// `tools/make-demo` writes the small demo in `data/demo/` from ``Config/demo``; the benchmark
/// makes a Zhengzhou-sized set (19,000+ grids) from ``Config/benchmark(grids:)``.
public struct SyntheticDistrict: Sendable {
    public struct Config: Sendable {
        public var countyCode = "450299"
        public var countyName = "青禾区"
        public var columns = 11
        public var rows = 10
        public var origin = LonLat(108.36, 24.25)
        public var step = (lon: 0.0125, lat: 0.012)
        public var subdistricts = 4
        public var communities = 20
        /// Extra vertices per lattice edge; a grid has 4 + the sum over its 4 edges.
        public var interiorPoints = 4...40
        public var microAreaGrids = 6
        /// Adds a grid with a hole whose island belongs to its neighbour (a MultiPolygon).
        public var enclave = true
        public var seed: UInt64 = 20_261_123

        public init() {}

        /// The committed demo district: 110 grids around 108.43°E 24.31°N.
        public static var demo: Config { Config() }

        /// A city-sized set with 50-200 vertices per grid, for the benchmark.
        public static func benchmark(grids: Int, seed: UInt64 = 7) -> Config {
            var config = Config()
            config.countyCode = "410199"
            config.countyName = "基准市"
            let side = Int(Double(grids).squareRoot().rounded(.up))
            config.columns = side
            config.rows = (grids + side - 1) / side
            config.origin = LonLat(113.2, 34.4)
            config.step = (lon: 0.006, lat: 0.005)
            config.subdistricts = max(1, grids / 200)
            config.communities = max(1, grids / 10)
            config.interiorPoints = 12...48
            config.microAreaGrids = 0
            config.enclave = false
            config.seed = seed
            return config
        }
    }

    public let units: [AreaUnit]
    public let roster: [RosterEntry]

    public var grids: [AreaUnit] { units.filter { $0.tier == .grid } }

    public init(_ config: Config) {
        let lattice = Lattice(columns: config.columns, rows: config.rows, origin: config.origin,
                              step: config.step, seed: config.seed, interiorPoints: config.interiorPoints)
        let cellCount = config.columns * config.rows
        var rng = SplitMix.derived(config.seed, 10)

        // Subdistricts grown from seeds over the whole lattice, communities grown inside each.
        let all = Array(0..<cellCount)
        let subOf: [Int: Int] = Self.grow(regions: config.subdistricts, over: all, columns: config.columns, rows: config.rows, rng: &rng)
        var communityOf = [Int](repeating: -1, count: cellCount)
        var communityCount = 0
        var communitiesOfSub: [[Int]] = []
        for s in 0..<config.subdistricts {
            let cells = all.filter { subOf[$0] == s }
            let share = max(1, Int((Double(config.communities) * Double(cells.count) / Double(cellCount)).rounded()))
            let local = Self.grow(regions: min(share, cells.count), over: cells, columns: config.columns, rows: config.rows, rng: &rng)
            let base = communityCount
            for c in cells { communityOf[c] = base + local[c]! }
            communitiesOfSub.append(Array(base..<(base + min(share, cells.count))))
            communityCount += min(share, cells.count)
        }
        func cellsOf(_ member: (Int) -> Bool) -> [(Int, Int)] {
            all.filter(member).map { ($0 % config.columns, $0 / config.columns) }
        }
        func centre(_ cells: [(Int, Int)]) -> (Double, Double) {
            let n = Double(cells.count)
            return (cells.reduce(0) { $0 + Double($1.0) } / n, cells.reduce(0) { $0 + Double($1.1) } / n)
        }
        // Codes run north to south, then west to east, as the unit-grid standard orders grids.
        func northWestOrder(_ a: (Double, Double), _ b: (Double, Double)) -> Bool {
            (-a.1.rounded(), a.0) < (-b.1.rounded(), b.0)
        }

        var units: [AreaUnit] = []
        var roster: [RosterEntry] = []
        var households: [String: Int] = [:]
        var population: [String: Int] = [:]

        // Cell shapes, with the enclave edit applied before anything is named.
        var cellShape = all.map { c in Self.cellPolygon(lattice, c % config.columns, c / config.columns) }
        var microCandidates = Set(all)
        if config.enclave, let host = all.first(where: { c in
            let i = c % config.columns, j = c / config.columns
            return i > 2 && j > 2 && i + 1 < config.columns && communityOf[c] == communityOf[c + 1]
        }) {
            let i = host % config.columns, j = host / config.columns
            let cx = (lattice.node(i, j).lon + lattice.node(i + 1, j + 1).lon) / 2
            let cy = (lattice.node(i, j).lat + lattice.node(i + 1, j + 1).lat) / 2
            let island = Ring((0...8).map { k in
                let a = Double(k % 8) / 8 * 2 * .pi
                return LonLat(Lattice.round(cx + 0.12 * config.step.lon * cos(a)), Lattice.round(cy + 0.12 * config.step.lat * sin(a)))
            })
            cellShape[host] = MultiPolygon(Polygon(exterior: cellShape[host].polygons[0].exterior, holes: [island.reversed()]))
            cellShape[host + 1] = MultiPolygon(cellShape[host + 1].polygons + [Polygon(exterior: island)])
            microCandidates.subtract([host, host + 1])
        }

        let cellsByCommunity = Dictionary(grouping: all, by: { communityOf[$0] })
        let communityCentre = (0..<communityCount).map { c in
            centre((cellsByCommunity[c] ?? []).map { ($0 % config.columns, $0 / config.columns) })
        }
        let subCentre = (0..<config.subdistricts).map { s in centre(cellsOf { subOf[$0] == s }) }
        let subOrder = (0..<config.subdistricts).sorted { northWestOrder(subCentre[$0], subCentre[$1]) }
        var microLeft = config.microAreaGrids
        var workerNumber = 0
        for (sIndex, s) in subOrder.enumerated() {
            let isTown = config.subdistricts >= 3 && sIndex == subOrder.count - 1
            let subCode = config.countyCode + String(format: "%03d", isTown ? 100 : sIndex + 1)
            let subName = Names.subdistrict(sIndex, town: isTown, seed: config.seed)
            let communities = communitiesOfSub[s].sorted { northWestOrder(communityCentre[$0], communityCentre[$1]) }
            for (cIndex, community) in communities.enumerated() {
                let communityCode = subCode + String(format: "%03d", isTown ? 200 + cIndex + 1 : cIndex + 1)
                let communityName = Names.community(community, village: isTown, seed: config.seed)
                let cells = (cellsByCommunity[community] ?? [])
                    .sorted { ($0 / config.columns, -($0 % config.columns)) > ($1 / config.columns, -($1 % config.columns)) }
                for (gIndex, cell) in cells.enumerated() {
                    let gridCode = communityCode + String(format: "%03d", gIndex + 1)
                    var local = SplitMix.derived(config.seed, 20, cell)
                    let hh = 180 + Int(local.next() % 340)
                    let pop = Int(Double(hh) * (2.3 + local.unit() * 0.8))
                    units.append(AreaUnit(code: gridCode, tier: .grid, name: "\(communityName)第\(gIndex + 1)网格",
                                      parentCode: communityCode, geometry: cellShape[cell], households: hh, population: pop))
                    households[communityCode, default: 0] += hh
                    population[communityCode, default: 0] += pop
                    roster += Self.workers(for: gridCode, rng: &local, number: &workerNumber)
                    if microLeft > 0, microCandidates.contains(cell), cell % 17 == 5 {
                        microLeft -= 1
                        let halves = Self.split(lattice, cell % config.columns, cell / config.columns, seed: config.seed)
                        for (k, half) in halves.enumerated() {
                            units.append(AreaUnit(code: gridCode + String(format: "%04d", k + 1), tier: .microArea,
                                              name: "\(communityName)第\(gIndex + 1)网格\(k == 0 ? "西" : "东")片",
                                              parentCode: gridCode, geometry: half,
                                              households: k == 0 ? hh / 2 : hh - hh / 2,
                                              population: k == 0 ? pop / 2 : pop - pop / 2))
                        }
                    }
                }
                units.append(AreaUnit(code: communityCode, tier: .community, name: communityName, parentCode: subCode,
                                  geometry: lattice.outline(ofCells: cells.map { ($0 % config.columns, $0 / config.columns) }),
                                  households: households[communityCode], population: population[communityCode]))
                households[subCode, default: 0] += households[communityCode] ?? 0
                population[subCode, default: 0] += population[communityCode] ?? 0
            }
            units.append(AreaUnit(code: subCode, tier: .subdistrict, name: subName, parentCode: config.countyCode,
                              geometry: lattice.outline(ofCells: cellsOf { subOf[$0] == s }),
                              households: households[subCode], population: population[subCode]))
            households[config.countyCode, default: 0] += households[subCode] ?? 0
            population[config.countyCode, default: 0] += population[subCode] ?? 0
        }
        units.append(AreaUnit(code: config.countyCode, tier: .district, name: config.countyName, parentCode: nil,
                          geometry: lattice.outline(ofCells: cellsOf { _ in true }),
                          households: households[config.countyCode], population: population[config.countyCode]))
        self.units = units.sorted { ($0.tier, $0.code) < ($1.tier, $1.code) }
        self.roster = roster
    }

    /// Grows `regions` connected regions over `cells` from random seeds, picking a random frontier
    /// cell each step so that the outlines come out irregular. Returns region per cell (by index).
    static func grow(regions: Int, over cells: [Int], columns: Int, rows: Int, rng: inout SplitMix) -> [Int: Int] {
        var owner: [Int: Int] = [:]
        let member = Set(cells)
        var frontier: [(cell: Int, region: Int)] = []
        var pool = cells
        for r in 0..<regions {
            let k = Int(rng.next() % UInt64(pool.count))
            let seed = pool.remove(at: k)
            owner[seed] = r
            frontier.append((seed, r))
        }
        while !frontier.isEmpty {
            let k = Int(rng.next() % UInt64(frontier.count))
            let (cell, region) = frontier[k]
            let i = cell % columns, j = cell / columns
            let next = [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)]
                .filter { $0.0 >= 0 && $0.0 < columns && $0.1 >= 0 && $0.1 < rows }
                .map { $0.1 * columns + $0.0 }
                .filter { member.contains($0) && owner[$0] == nil }
            if let pick = next.first {
                owner[pick] = region
                frontier.append((pick, region))
            } else {
                frontier.swapAt(k, frontier.count - 1)
                frontier.removeLast()
            }
        }
        return owner
    }

    static func cellPolygon(_ lattice: Lattice, _ i: Int, _ j: Int) -> MultiPolygon {
        var points: [LonLat] = []
        for d in Lattice.boundary(ofCell: i, j) { points += lattice.points(d).dropLast() }
        points.append(points[0])
        return MultiPolygon(Polygon(exterior: Ring(points)))
    }

    /// Splits a cell in two along a line from the middle of its south side to the middle of its
    /// north side; both halves reuse the cell's own vertices, so they tile it exactly.
    static func split(_ lattice: Lattice, _ i: Int, _ j: Int, seed: UInt64) -> [MultiPolygon] {
        let sides = Lattice.boundary(ofCell: i, j).map { lattice.points($0) }
        let bottom = sides[0], right = sides[1], top = sides[2], left = sides[3]
        let bi = bottom.count / 2, tj = top.count / 2
        let a = bottom[bi], b = top[tj]
        var rng = SplitMix.derived(seed, 30, i, j)
        let cut = (1...6).map { k -> LonLat in
            let t = Double(k) / 7
            let wiggle = sin(.pi * t) * (rng.unit() - 0.5) * 0.04
            return LonLat(Lattice.round(a.lon + t * (b.lon - a.lon) - wiggle * (b.lat - a.lat)),
                          Lattice.round(a.lat + t * (b.lat - a.lat) + wiggle * (b.lon - a.lon)))
        }
        let west = Array(bottom[0...bi]) + cut + Array(top[tj...]) + Array(left.dropFirst())
        let east = Array(bottom[bi...]) + Array(right.dropFirst()) + Array(top[1...tj]) + cut.reversed() + [a]
        return [MultiPolygon(Polygon(exterior: Ring(west))), MultiPolygon(Polygon(exterior: Ring(east)))]
    }

    /// One leader, one or two full-time and two to four part-time workers per grid; about one grid
    /// in eight changed its full-time worker on 2025-07-01.
    static let rosterStart = Dates.parse("2024-01-01")!
    static let rosterChange = Dates.parse("2025-07-01")!

    static func workers(for grid: String, rng: inout SplitMix, number: inout Int) -> [RosterEntry] {
        let start = rosterStart, change = rosterChange
        var out: [RosterEntry] = []
        func add(_ role: RosterEntry.Role, from: Date = start, to: Date? = nil) {
            number += 1
            out.append(RosterEntry(workerId: String(format: "W%05d", number), name: Names.person(&rng),
                                   phone: "139" + String(format: "%08d", (number * 7919) % 100_000_000),
                                   role: role, unitCode: grid, validFrom: from, validTo: to))
        }
        add(.leader)
        let replaced = rng.next() % 8 == 0
        add(.fulltime, to: replaced ? change : nil)
        if replaced { add(.fulltime, from: change) }
        if rng.next() % 2 == 0 { add(.fulltime) }
        for _ in 0..<(2 + Int(rng.next() % 3)) { add(.parttime) }
        return out
    }
}
