/// A small deterministic random generator (SplitMix64): the same seed gives the same district on
/// every machine and Swift version, which `SystemRandomNumberGenerator` would not.
public struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for one named thing, independent of the order things are generated in.
    public static func derived(_ seed: UInt64, _ parts: Int...) -> SplitMix {
        var mix = SplitMix(seed: seed)
        for part in parts { mix = SplitMix(seed: mix.next() ^ UInt64(bitPattern: Int64(part)) &* 0x100_0000_01B3) }
        return mix
    }

    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
