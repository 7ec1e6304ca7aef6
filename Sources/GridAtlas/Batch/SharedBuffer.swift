/// A buffer that several threads of one `concurrentPerform` write into, each thread its own
/// disjoint range of indexes, while the array it points into stays alive and unmoved.
struct SharedBuffer<Element>: @unchecked Sendable {
    // @unchecked Sendable: callers write disjoint indexes only, and join before reading.
    let base: UnsafeMutablePointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
    }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}
