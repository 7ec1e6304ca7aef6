import Foundation

/// A short queue between two threads of one run, so that each works while the other does: the
/// thread that reads the next chunk and the one that resolves it, the one that resolves and the
/// one that writes. Either side may ``close()`` it to end the run early; the other then stops
/// at its next call rather than wait forever.
final class Handoff<Item: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `items` and `closed` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits until the queue has room; false once it is closed. A single giver calls this
    /// before making an item, so that no more than `capacity` wait made and unclaimed.
    func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        return !closed
    }

    /// Adds an item once there is room; false when the queue is closed (the item is dropped).
    @discardableResult
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for it; nil once the queue is closed.
    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !closed else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Ends the run: waiting calls return, and later ones return at once.
    func close() {
        condition.lock()
        closed = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
