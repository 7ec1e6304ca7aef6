import GridGeometry

/// A large features array read by several threads at once, in stretches of consecutive features,
/// with exactly the outcome of one thread reading it in order.
///
/// The array is cut by bytes, and each cut moved to where a feature plausibly starts (a `{` after
/// a `,` and before a `"`): a guess, since it could fall inside a string or on an object within
/// a property. Each thread reads whole features from its start, checking every byte as usual,
/// until it reaches the next stretch's start; the guesses are proven only if every stretch ends
/// exactly where the next begins and the last one at the array's end: a stretch reads from one
/// real feature to the next, so it can only land on a start that is real. Anything else (a wrong
/// guess, malformed JSON anywhere) gives the array back to one thread, which finds the first
/// syntax error exactly where it always did. Features are numbered within their stretch, then
/// renumbered once the stretches before are counted.
extension UnitDocumentReader {
    /// Below this many bytes after its `[`, one thread reads the features array.
    static let parallelBytes = 1 << 20

    /// The document's bytes, shared read-only by the threads reading one features array.
    /// `@unchecked Sendable`: nothing writes them, and they outlive the threads (the caller's
    /// `withUnsafeBytes` spans the whole read).
    private struct SharedBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
    }

    /// Consecutive features read by one thread, numbered from 0.
    private struct Stretch: Sendable {
        var reads: [UnitFeatureReader.Read] = []
        /// Each problem with the number of its feature within the stretch.
        var problems: [(feature: Int, problem: ImportProblem)] = []
        var count = 0
        /// Where reading stopped: the next feature's first byte, or just past the array's `]`.
        var end = 0
        var closesArray = false
        /// Not JSON, or the guess behind the stretch was wrong: the caller reads in order.
        var failed = false
    }

    /// The features of the array at `start` and the offset just past it, read on every core;
    /// nil when the array is small, the machine has one core, or the stretches do not prove out.
    func readInStretches(arrayAt start: Int, crs: CRS) -> (Features, end: Int)? {
        let bytes = cursor.bytes
        var first = start + 1
        while first < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[first]) { first += 1 }
        guard settings.threads > 1, first < bytes.count, bytes[first] != 0x5D, bytes.count - first >= Self.parallelBytes else { return nil }
        // Several stretches per thread, so that a slow one does not hold up the rest.
        let pieces = settings.threads * 8
        var starts = [first]
        for k in 1..<pieces {
            let cut = first + (bytes.count - first) / pieces * k
            if let guess = Self.plausibleFeatureStart(in: bytes, from: max(cut, starts[starts.count - 1] + 1)) { starts.append(guess) }
        }
        let shared = SharedBytes(bytes: bytes)
        let settings = self.settings
        let firsts = starts
        let stretches: [Stretch]
        do {
            stretches = try PerThread.map(firsts.count, threads: settings.threads, context: { try CoordinateConverter(from: crs) }) {
                converter, k in
                var reader = UnitDocumentReader(shared.bytes, settings: settings)
                reader.cursor.i = firsts[k]
                return reader.readStretch(until: k + 1 < firsts.count ? firsts[k + 1] : Int.max, converter: converter)
            }
        } catch {
            return nil
        }
        for (k, stretch) in stretches.enumerated() {
            let last = k == stretches.count - 1
            guard !stretch.failed, stretch.closesArray == last, last || stretch.end == firsts[k + 1] else { return nil }
        }
        var features = Features(offset: start, crs: crs)
        for stretch in stretches {
            let offset = features.count
            for var read in stretch.reads {
                read.featureIndex += offset
                read.location = "feature \(read.featureIndex)"
                features.reads.append(read)
            }
            for (feature, var problem) in stretch.problems {
                problem.location = "feature \(feature + offset)"
                features.problems.append(problem)
            }
            features.count += stretch.count
        }
        return (features, stretches[stretches.count - 1].end)
    }

    /// Features from the cursor on, until the next one would start at or past `stop` or the
    /// array ends.
    private mutating func readStretch(until stop: Int, converter: CoordinateConverter) -> Stretch {
        var stretch = Stretch()
        do {
            while true {
                var local: [ImportProblem] = []
                if let read = try readFeature(index: stretch.count, converter: converter, problems: &local) { stretch.reads.append(read) }
                for problem in local { stretch.problems.append((stretch.count, problem)) }
                stretch.count += 1
                guard try cursor.nextMember(close: 0x5D) else {
                    stretch.closesArray = true
                    stretch.end = cursor.i
                    return stretch
                }
                cursor.skipWhitespace()
                if cursor.i >= stop {
                    stretch.end = cursor.i
                    return stretch
                }
            }
        } catch {
            return Stretch(failed: true)
        }
    }

    /// The first `{` at or after `offset` that follows a `,` and precedes a `"` (whitespace
    /// between allowed): where a feature of an array of them would start. Looked for over a few
    /// megabytes at most.
    private static func plausibleFeatureStart(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var i = offset
        let limit = min(bytes.count, offset + (4 << 20))
        while i < limit {
            if bytes[i] == 0x7B {
                var before = i - 1
                while before > 0 && isSpace(bytes[before]) { before -= 1 }
                var after = i + 1
                while after < bytes.count && isSpace(bytes[after]) { after += 1 }
                if before > 0, bytes[before] == 0x2C, after < bytes.count, bytes[after] == 0x22 { return i }
            }
            i += 1
        }
        return nil
    }
}
