import Foundation

/// Numbers written with at most a fixed number of decimals, trailing zeros dropped: 7 for
/// degrees (about 1 cm), 3 for metres (1 mm). Shorter than the shortest exact form of a
/// converted or simplified coordinate (`108.36213250000001`) and enough for any map.
public enum FixedDecimal {
    /// Decimals for coordinates in degrees: 1e-7° is at most 1.1 cm on the ground.
    public static let degrees = 7
    /// Decimals for coordinates in metres (projected systems): a millimetre.
    public static let metres = 3

    private static let powers: [UInt64] = (0...15).map { (0..<$0).reduce(UInt64(1)) { value, _ in value * 10 } }

    public static func text(_ value: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        append(value, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` rounded to `decimals` places as UTF-8, digit by digit from an integer: no
    /// formatter and no allocation per number (a city's choropleth has millions of them).
    public static func append(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        let places = min(max(decimals, 0), 15)
        let scale = powers[places]
        let scaled = (value * Double(scale)).rounded()
        guard value.isFinite, abs(scaled) < 9e15 else {
            out += Array((value.isFinite ? trimmed(String(format: "%.\(places)f", value)) : "\(value)").utf8)
            return
        }
        let n = Int64(scaled)
        if n == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var whole = n.magnitude / scale, fraction = n.magnitude % scale
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        reverse(&out, from: start)
        guard fraction != 0 else { return }
        var width = places
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        out.append(UInt8(ascii: "."))
        let fractionStart = out.count
        for _ in 0..<width {
            out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
            fraction /= 10
        }
        reverse(&out, from: fractionStart)
    }

    /// Reverses `out[start...]` in place, index by index: a slice's `reverse()` may copy the
    /// whole buffer in unoptimised builds, which made writing a large document quadratic.
    @inline(__always)
    private static func reverse(_ out: inout [UInt8], from start: Int) {
        var i = start, j = out.count - 1
        while i < j {
            out.swapAt(i, j)
            i += 1
            j -= 1
        }
    }

    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
