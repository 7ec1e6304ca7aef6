import Foundation

/// Numbers written with at most a fixed number of decimals, trailing zeros dropped: 7 for
/// degrees (about 1 cm), 3 for metres (1 mm). Shorter than the shortest exact form of a
/// converted or simplified coordinate (`108.36213250000001`) and enough for any map.
public enum FixedDecimal {
    /// Decimals for coordinates in degrees: 1e-7° is at most 1.1 cm on the ground.
    public static let degrees = 7
    /// Decimals for coordinates in metres (projected systems): a millimetre.
    public static let metres = 3

    public static func text(_ value: Double, decimals: Int) -> String {
        var out = ""
        append(value, decimals: decimals, to: &out)
        return out
    }

    /// Appends `value` rounded to `decimals` places, written by hand from an integer (no
    /// formatter per number: a city's geometry has millions of them).
    public static func append(_ value: Double, decimals: Int, to out: inout String) {
        let places = min(max(decimals, 0), 15)
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard value.isFinite, abs(scaled) < 9e15 else {
            out += value.isFinite ? trimmed(String(format: "%.\(places)f", value)) : "\(value)"
            return
        }
        let n = Int64(scaled)
        if n == 0 {
            out += "0"
            return
        }
        if n < 0 { out += "-" }
        let magnitude = n.magnitude
        out += String(magnitude / UInt64(scale))
        var fraction = magnitude % UInt64(scale)
        guard fraction != 0 else { return }
        var width = places
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        out += "."
        out += String(repeating: "0", count: width - digits.count)
        out += digits
    }

    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
