import Dispatch

/// Where answer text goes, byte by byte: no `String` per field, no `Codable`.
///
/// A writer runs its code twice over the same points, first into a ``ByteCounter`` and then
/// into a ``ByteWriter`` at the exact place in the answer: every slice of a million answers is
/// written once, in parallel, straight into the final buffer, and the two passes cannot
/// disagree on a length because they are the same code.
protocol ByteSink {
    mutating func write(bytes: UnsafeBufferPointer<UInt8>)
    mutating func write(byte: UInt8)
}

/// Counts what would be written.
struct ByteCounter: ByteSink {
    var count = 0

    @inline(__always) mutating func write(bytes: UnsafeBufferPointer<UInt8>) { count += bytes.count }
    @inline(__always) mutating func write(byte: UInt8) { count += 1 }
}

/// Writes into memory sized beforehand by a ``ByteCounter``.
struct ByteWriter: ByteSink {
    var next: UnsafeMutablePointer<UInt8>

    @inline(__always) mutating func write(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        next.update(from: source, count: bytes.count)
        next += bytes.count
    }

    @inline(__always) mutating func write(byte: UInt8) {
        next.pointee = byte
        next += 1
    }
}

/// Small one-off texts (answer fragments, heads) are built by appending to an array.
extension Array: ByteSink where Element == UInt8 {
    mutating func write(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
    mutating func write(byte: UInt8) { append(byte) }
}

extension ByteSink {
    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(bytes: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func writeUTF8(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: $0) }
    }

    /// An integer in decimal.
    @inline(__always)
    mutating func writeDecimal(_ value: Int) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, more than any Int needs
        withUnsafeMutableBytes(of: &scratch) { raw in
            let digits = raw.bindMemory(to: UInt8.self)
            var v = value.magnitude
            var k = 24
            repeat {
                k -= 1
                digits[k] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            } while v > 0
            if value < 0 {
                k -= 1
                digits[k] = 0x2D
            }
            write(bytes: UnsafeBufferPointer(rebasing: digits[k...]))
        }
    }

    /// A number with at most `decimals` decimals (trailing zeros dropped, at least one kept):
    /// `12.34`, `108.4312345`, `5.0`. Exact for values already rounded to those decimals.
    mutating func writeFixed(_ value: Double, decimals: Int) {
        let scale = FixedScale.powers[decimals]
        let scaled = (value * Double(scale)).rounded()
        guard scaled.isFinite, abs(scaled) < 9e18 else {
            writeUTF8(value.description)
            return
        }
        var n = Int(scaled)
        if n < 0 {
            write(byte: 0x2D)
            n = -n
        }
        writeDecimal(n / scale)
        write(byte: 0x2E)
        var fraction = n % scale
        var digits = decimals
        guard fraction != 0 else {
            write(byte: 0x30)
            return
        }
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var width = 1, power = 10
        while power <= fraction {
            width += 1
            power *= 10
        }
        for _ in width..<digits { write(byte: 0x30) }
        writeDecimal(fraction)
    }

    /// A JSON string literal: quotes, and inside them `"`, `\` and control characters escaped.
    /// Other characters (Chinese names) are written as they are, in UTF-8.
    mutating func writeJSONString(_ text: String) {
        var text = text
        text.withUTF8 { writeJSONString($0) }
    }

    mutating func writeJSONString(_ bytes: UnsafeBufferPointer<UInt8>) {
        write(byte: 0x22)
        var from = 0
        for k in 0..<bytes.count {
            let b = bytes[k]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            write(bytes: UnsafeBufferPointer(rebasing: bytes[from..<k]))
            from = k + 1
            switch b {
            case 0x22: write("\\\"")
            case 0x5C: write("\\\\")
            case 0x0A: write("\\n")
            case 0x0D: write("\\r")
            case 0x09: write("\\t")
            case 0x08: write("\\b")
            case 0x0C: write("\\f")
            default:
                write("\\u00")
                write(byte: b >> 4 < 10 ? 0x30 + b >> 4 : 0x57 + b >> 4)
                write(byte: b & 0xF < 10 ? 0x30 + b & 0xF : 0x57 + b & 0xF)
            }
        }
        write(bytes: UnsafeBufferPointer(rebasing: bytes[from...]))
        write(byte: 0x22)
    }

    /// A CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, a quote
    /// or a line break.
    mutating func writeCSVField(_ text: String) {
        var text = text
        text.withUTF8 { writeCSVField($0) }
    }

    mutating func writeCSVField(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            write(bytes: bytes)
            return
        }
        write(byte: 0x22)
        for b in bytes {
            if b == 0x22 { write(byte: 0x22) }
            write(byte: b)
        }
        write(byte: 0x22)
    }
}

enum FixedScale {
    static let powers: [Int] = (0...15).map { (0..<$0).reduce(1) { value, _ in value * 10 } }
}

/// Writes the answers of one slice of points; the same code counts and writes.
protocol SliceEmitter: Sendable {
    func emit<Sink: ByteSink>(_ range: Range<Int>, into sink: inout Sink)
}

extension SliceEmitter {
    /// `head`, every slice's bytes in order, then `tail`, in one buffer: slices counted, then
    /// written in place, both on every core.
    func assemble(head: [UInt8], slices: [Range<Int>], tail: [UInt8]) -> [UInt8] {
        var sizes = [Int](repeating: 0, count: slices.count)
        sizes.withUnsafeMutableBufferPointer { sizes in
            let shared = SharedBuffer(sizes)
            DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                var counter = ByteCounter()
                emit(slices[k], into: &counter)
                shared[k] = counter.count
            }
        }
        var starts = [Int](repeating: 0, count: slices.count + 1)
        starts[0] = head.count
        for k in slices.indices { starts[k + 1] = starts[k] + sizes[k] }
        let offsets = starts
        let total = starts[slices.count]
        return [UInt8](unsafeUninitializedCapacity: total + tail.count) { buffer, initialized in
            let base = SharedBuffer(buffer)
            head.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: base.base, count: head.count).initialize(from: $0) }
            DispatchQueue.concurrentPerform(iterations: slices.count) { k in
                var writer = ByteWriter(next: base.base + offsets[k])
                emit(slices[k], into: &writer)
                precondition(writer.next == base.base + offsets[k + 1], "a slice wrote another length than it counted")
            }
            tail.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: base.base + total, count: tail.count).initialize(from: $0) }
            initialized = total + tail.count
        }
    }
}
