/// Numbers by the JSON grammar, converted to the nearest Double.
///
/// Coordinates have at most 16 or so significant digits, so almost every one takes the exact
/// fast path (Clinger: an integer mantissa below 2^53 scaled by a power of ten up to 10^22 is
/// one correctly rounded multiplication or division). Anything else goes to the standard
/// library's correctly rounded conversion, so every value is the one `Double(String)` gives.
public enum JSONNumber {
    @usableFromInline static let powersOfTen: [Double] = (0...22).map(pow10)

    private static func pow10(_ n: Int) -> Double {
        var value = 1.0
        for _ in 0..<n { value *= 10 }  // exact: every power up to 10^22 is a Double
        return value
    }

    /// The number starting at `start` and the offset just past it, or nil when the bytes there
    /// do not follow `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @inlinable @inline(__always)
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Double, Int)? {
        let n = bytes.count
        var j = start
        let negative = j < n && bytes[j] == 0x2D
        if negative { j += 1 }
        guard j < n else { return nil }
        // Every digit goes into the mantissa; more than 19 of them could overflow it, and then
        // the slow path reads the text again.
        var mantissa: UInt64 = 0
        let first = j
        if bytes[j] == 0x30 {
            j += 1
        } else if bytes[j] &- 0x31 < 9 {
            while j < n, bytes[j] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[j] &- 0x30)
                j += 1
            }
        } else {
            return nil
        }
        var digits = j - first
        var exponent = 0
        if j < n && bytes[j] == 0x2E {
            j += 1
            let fraction = j
            while j < n, bytes[j] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[j] &- 0x30)
                j += 1
            }
            guard j > fraction else { return nil }
            digits += j - fraction
            exponent = fraction - j
        }
        if j < n && (bytes[j] | 0x20) == 0x65 {
            j += 1
            var negativeExponent = false
            if j < n && (bytes[j] == 0x2B || bytes[j] == 0x2D) {
                negativeExponent = bytes[j] == 0x2D
                j += 1
            }
            let digitsStart = j
            var written = 0
            while j < n, bytes[j] &- 0x30 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[j] &- 0x30) }
                j += 1
            }
            guard j > digitsStart else { return nil }
            exponent += negativeExponent ? -written : written
        }
        if digits <= 19 {
            if mantissa == 0 { return (negative ? -0.0 : 0.0, j) }
            if mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
                var value = Double(mantissa)
                if exponent >= 0 { value *= powersOfTen[exponent] } else { value /= powersOfTen[-exponent] }
                return (negative ? -value : value, j)
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self)
        // The grammar is checked already: a text the standard library refuses can only be out of range.
        return (Double(text) ?? (negative ? -.infinity : .infinity), j)
    }

    /// A number written as text (a quoted JSON value, a CSV field): the JSON grammar after
    /// trimming spaces, else whatever `Double(String)` reads (`+1`, `.5`, `1.`). Nil for text
    /// that is no number at all.
    public static func parse(text: UnsafeBufferPointer<UInt8>) -> Double? {
        var lower = 0, upper = text.count
        while lower < upper && (text[lower] == 0x20 || text[lower] == 0x09) { lower += 1 }
        while upper > lower && (text[upper - 1] == 0x20 || text[upper - 1] == 0x09) { upper -= 1 }
        guard lower < upper else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: text[lower..<upper])
        if let (value, end) = parse(trimmed, from: 0), end == trimmed.count { return value }
        // Only decimal forms: Double(String) would also take hex floats and "nan"/"inf" words,
        // which the caller reports as non-finite.
        guard trimmed.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 })
        else { return nil }
        return Double(String(decoding: trimmed, as: UTF8.self))
    }
}
