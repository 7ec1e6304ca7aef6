/// Memory for an index's buffers made in this process, freed with the last index holding it.
///
/// The indexes keep their buffers as plain pointers (the lookup path binds nothing and retains
/// nothing); what keeps the memory alive is one object per index, either this or a mapped index
/// file (``LocatorImage``), so that a built index and a read one are the same type.
final class IndexMemory: @unchecked Sendable {
    // @unchecked Sendable: the allocations are filled while an index is built, on one thread,
    // and only read afterwards; this object is only ever deallocated.
    private var allocations: [UnsafeMutableRawPointer] = []

    init() {}

    /// Uninitialised room for `count` values (at least one, so that the base address is never nil).
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutableBufferPointer<T> {
        let room = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
        allocations.append(UnsafeMutableRawPointer(room.baseAddress!))
        return UnsafeMutableBufferPointer(start: room.baseAddress, count: count)
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
    }
}
