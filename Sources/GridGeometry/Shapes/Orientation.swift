/// The sign of the orientation determinant, exactly: which side of the line a→b the point q is.
///
/// A plain double computation can give the wrong sign for points within about 1e-15 degrees of
/// the line, which would put such a point in the wrong unit. The fast path is the usual filter
/// (Shewchuk's error bound A); when the result is too close to zero to trust, the determinant is
/// recomputed exactly as a sum of non-overlapping double expansions (error-free transforms with
/// fused multiply-add), so the sign is that of the true real-number value.
public enum Orientation {
    /// (3 + 16ε)ε with ε = 2⁻⁵³: the relative error bound of the plain computation.
    static let errorBound = (3.0 + 16.0 * 0x1p-53) * 0x1p-53

    /// +1 when q lies left of a→b (counter-clockwise), -1 when right, 0 when exactly on the line.
    @inline(__always)
    public static func sign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ qx: Double, _ qy: Double) -> Int {
        let left = (bx - ax) * (qy - ay)
        let right = (by - ay) * (qx - ax)
        let det = left - right
        let bound = errorBound * (abs(left) + abs(right))
        if det > bound { return 1 }
        if -det > bound { return -1 }
        return exactSign(ax, ay, bx, by, qx, qy)
    }

    /// The exact sign: each difference becomes a two-term expansion, each product of expansions
    /// a sum of exact two-products, and all terms are summed without rounding.
    static func exactSign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ qx: Double, _ qy: Double) -> Int {
        let (dx1, ex1) = twoDiff(bx, ax), (dy2, ey2) = twoDiff(qy, ay)
        let (dy1, ey1) = twoDiff(by, ay), (dx2, ex2) = twoDiff(qx, ax)
        var sum: [Double] = []
        sum.reserveCapacity(16)
        for (u, v, negate) in [(dx1, dy2, false), (dx1, ey2, false), (ex1, dy2, false), (ex1, ey2, false),
                               (dy1, dx2, true), (dy1, ex2, true), (ey1, dx2, true), (ey1, ex2, true)] {
            let (p, e) = twoProduct(u, v)
            grow(&sum, negate ? -e : e)
            grow(&sum, negate ? -p : p)
        }
        guard let top = sum.last(where: { $0 != 0 }) else { return 0 }
        return top > 0 ? 1 : -1
    }

    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
        let s = a + b
        let bv = s - a
        let av = s - bv
        return (s, (a - av) + (b - bv))
    }

    @inline(__always)
    static func twoDiff(_ a: Double, _ b: Double) -> (Double, Double) { twoSum(a, -b) }

    /// a·b as p + e exactly, with a fused multiply-add for the rounding error.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    /// Adds b to a non-overlapping expansion kept in increasing magnitude (Grow-Expansion, zeros dropped).
    static func grow(_ expansion: inout [Double], _ b: Double) {
        var q = b
        var out: [Double] = []
        out.reserveCapacity(expansion.count + 1)
        for x in expansion {
            let (s, e) = twoSum(q, x)
            if e != 0 { out.append(e) }
            q = s
        }
        if q != 0 { out.append(q) }
        expansion = out
    }
}
