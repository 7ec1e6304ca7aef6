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
    /// a sum of exact two-products, and all terms are summed without rounding. The expansion lives
    /// on the stack (at most 17 terms): points exactly on a line, which every vertex of a shared
    /// boundary is, come here and must not cost an allocation.
    static func exactSign(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ qx: Double, _ qy: Double) -> Int {
        let (dx1, ex1) = twoDiff(bx, ax), (dy2, ey2) = twoDiff(qy, ay)
        let (dy1, ey1) = twoDiff(by, ay), (dx2, ex2) = twoDiff(qx, ax)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 17) { sum in
            var count = 0
            func add(_ u: Double, _ v: Double, negate: Bool) {
                let (p, e) = twoProduct(u, v)
                count = grow(sum, count, negate ? -e : e)
                count = grow(sum, count, negate ? -p : p)
            }
            add(dx1, dy2, negate: false); add(dx1, ey2, negate: false); add(ex1, dy2, negate: false); add(ex1, ey2, negate: false)
            add(dy1, dx2, negate: true); add(dy1, ex2, negate: true); add(ey1, dx2, negate: true); add(ey1, ex2, negate: true)
            var k = count - 1
            while k >= 0 && sum[k] == 0 { k -= 1 }
            return k < 0 ? 0 : (sum[k] > 0 ? 1 : -1)
        }
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

    /// Adds b to the non-overlapping expansion in `expansion[0..<count]`, kept in increasing
    /// magnitude (Grow-Expansion, zeros dropped), in place; returns the new count.
    static func grow(_ expansion: UnsafeMutableBufferPointer<Double>, _ count: Int, _ b: Double) -> Int {
        var q = b
        var out = 0
        for k in 0..<count {
            let (s, e) = twoSum(q, expansion[k])
            // Writing at `out <= k` never overwrites a term not yet read.
            if e != 0 {
                expansion[out] = e
                out += 1
            }
            q = s
        }
        if q != 0 {
            expansion[out] = q
            out += 1
        }
        return out
    }
}
