import Foundation

/// GCJ-02 ("Mars coordinates", what Amap, Tencent maps and WeChat's `wx.getLocation` give) and
/// BD-09 (Baidu), both as offsets from WGS84, in pure Swift.
///
/// The forward formula is public (Krasovsky ellipsoid, polynomials centred at 105°E 35°N). It has
/// no closed-form inverse, so the inverses iterate the forward map to a fixed point; three steps
/// already land under 0.1 mm, and iteration continues until the residual is below 1e-11 degrees
/// (about a micrometre). Points outside the usual China rectangle are not shifted, by GCJ-02 nor
/// by BD-09 (Baidu applies its offset only inside China).
public enum ChinaOffset {
    static let a = 6378245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0

    /// The rectangle outside which GCJ-02 applies no shift (72.004–137.8347°E, 0.8293–55.8271°N).
    public static func isOutsideChina(_ p: LonLat) -> Bool {
        p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
    }

    public static func gcj02(fromWGS84 p: LonLat) -> LonLat {
        if isOutsideChina(p) { return p }
        var dLat = transformLat(p.lon - 105.0, p.lat - 35.0)
        var dLon = transformLon(p.lon - 105.0, p.lat - 35.0)
        let radLat = p.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return LonLat(p.lon + dLon, p.lat + dLat)
    }

    public static func wgs84(fromGCJ02 p: LonLat) -> LonLat {
        if isOutsideChina(p) { return p }
        return invert(p, forward: gcj02(fromWGS84:), start: p)
    }

    public static func bd09(fromGCJ02 p: LonLat) -> LonLat {
        if isOutsideChina(p) { return p }
        let x = p.lon, y = p.lat
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return LonLat(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    /// The usual closed-form approximation of BD-09 → GCJ-02, refined by iteration below.
    static func approximateGCJ02(fromBD09 p: LonLat) -> LonLat {
        let x = p.lon - 0.0065, y = p.lat - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return LonLat(z * cos(theta), z * sin(theta))
    }

    public static func gcj02(fromBD09 p: LonLat) -> LonLat {
        if isOutsideChina(p) { return p }
        return invert(p, forward: bd09(fromGCJ02:), start: approximateGCJ02(fromBD09: p))
    }

    public static func bd09(fromWGS84 p: LonLat) -> LonLat { bd09(fromGCJ02: gcj02(fromWGS84: p)) }

    public static func wgs84(fromBD09 p: LonLat) -> LonLat { wgs84(fromGCJ02: gcj02(fromBD09: p)) }

    /// Fixed-point iteration x ← x − (f(x) − target): the offsets vary slowly, so it contracts fast.
    static func invert(_ target: LonLat, forward: (LonLat) -> LonLat, start: LonLat) -> LonLat {
        var guess = start
        for _ in 0..<12 {
            let image = forward(guess)
            let dLon = image.lon - target.lon, dLat = image.lat - target.lat
            guess = LonLat(guess.lon - dLon, guess.lat - dLat)
            if abs(dLon) < 1e-11 && abs(dLat) < 1e-11 { break }
        }
        return guess
    }

    static func transformLat(_ x: Double, _ y: Double) -> Double {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        ret += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        ret += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        ret += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return ret
    }

    static func transformLon(_ x: Double, _ y: Double) -> Double {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        ret += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        ret += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        ret += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return ret
    }
}
