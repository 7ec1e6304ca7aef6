import Synchronization

/// Answer fragments kept from one chunk of a file to the next (see ``AnswerFragments``).
///
/// Each chunk is a batch of its own, with contexts of its own; a fragment depends only on the
/// generation, the roster period and the unit, which chunks share. A city's chunk touches most of
/// its 19,000 grids, and making their fragments again for every chunk of 65,536 points cost a
/// fifth of the time resolving it.
final class FragmentCache: Sendable {
    struct Key: Hashable {
        var generation: Int64
        var period: Int
        var unit: Int32
    }

    private let known = Mutex<[Key: [UInt8]]>([:])

    init() {}

    static func key(_ context: AnswerContext, _ unit: Int32) -> Key {
        Key(generation: context.generation.id, period: context.period, unit: unit)
    }

    func fragment(_ key: Key) -> [UInt8]? {
        known.withLock { $0[key] }
    }

    func keep(_ fragment: [UInt8], for key: Key) {
        known.withLock { $0[key] = fragment }
    }
}
