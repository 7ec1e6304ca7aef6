import GridDomain
import GridGeometry

/// How sibling grids' sequence numbers should run on the map, and a tolerant test of it.
///
/// The unit-grid standard (DB11/T 2157-2023) numbers the grids of a community west→east,
/// north→south: row by row from the north, west to east within a row; micro-areas are read the
/// same way inside their grid. Subdistrict and community codes are statistical division codes,
/// given out by the statistics bureau with no order on the map, so they are not checked.
///
/// Real grids are irregular, so "row" is fuzzy; this rule only flags what is clearly backwards.
/// Siblings are taken in code order, each at a point inside it; with H and W the median height
/// and width of the siblings' boxes, the next sibling b after a is out of order when
///
/// - b lies more than H/2 north of a (it belongs to an earlier row), or
/// - b lies within H/4 of a's latitude (clearly the same row) and more than W/2 west of a.
///
/// Anything in between (a new row that starts a little north of the previous one's end, say) is
/// left alone.
public enum SequenceRule {
    /// One sibling: its code, a point inside it and its box size, in a local plane in metres.
    public struct Sibling: Sendable, Equatable {
        public var code: String
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(code: String, x: Double, y: Double, width: Double, height: Double) {
            self.code = code
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// A pair of consecutive siblings the wrong way round, and why.
    public struct Inversion: Sendable, Equatable {
        public var first: Sibling
        public var next: Sibling
        public var reason: String
    }

    /// The tiers whose codes are numbered on the map.
    public static let tiers: Set<Tier> = [.grid, .microArea]

    /// Every inversion, in code order.
    public static func inversions(_ siblings: [Sibling]) -> [Inversion] {
        guard siblings.count > 1 else { return [] }
        let height = median(siblings.map(\.height)), width = median(siblings.map(\.width))
        let ordered = siblings.sorted { ($0.code.count, $0.code) < ($1.code.count, $1.code) }
        var out: [Inversion] = []
        for k in 1..<ordered.count {
            let a = ordered[k - 1], b = ordered[k]
            let north = b.y - a.y, west = a.x - b.x
            if north > height / 2 {
                out.append(Inversion(first: a, next: b, reason: "\(b.code) lies \(Figures.metres(north)) north of \(a.code), so it belongs to an earlier row"))
            } else if abs(north) <= height / 4 && west > width / 2 {
                out.append(Inversion(first: a, next: b, reason: "\(b.code) lies \(Figures.metres(west)) west of \(a.code) in the same row"))
            }
        }
        return out
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
