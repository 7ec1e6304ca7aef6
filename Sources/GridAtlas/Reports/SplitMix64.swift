/// A small seeded generator (Steele, Lea and Flood's SplitMix64) for samples that must come out the
/// same from the same seed on every machine and every Swift version: the standard library's
/// `random(in:using:)` does not promise its algorithm, so draws are made here with one of our own.
///
/// GridSynth has its own for the synthetic districts; GridAtlas does not depend on GridSynth.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in `0..<bound` (bound > 0), without modulo bias: draws in the incomplete last
    /// block of 2⁶⁴ are rejected.
    mutating func next(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let threshold = (0 &- bound) % bound  // 2⁶⁴ mod bound
        while true {
            let x = next()
            if x >= threshold { return x % bound }
        }
    }

    /// FNV-1a of a string's UTF-8: a stable hash (Swift's `Hasher` is seeded per process) used to
    /// give each community its own stream from one seed.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
