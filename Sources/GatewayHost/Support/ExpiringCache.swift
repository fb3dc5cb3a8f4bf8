import Synchronization

/// Values read at most once per `ttl` per key: what a hot path reads from the store on every request but changes
/// rarely (a client's limits, its agent settings, a webhook route). A change reaches the cache's readers within `ttl`.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, readAt: ContinuousClock.Instant)]>([:])
    private let ttl: Duration
    /// Entries kept at most; past it the cache starts afresh (the store is the truth).
    private let capacity: Int

    init(ttl: Duration, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    func value(for key: Key, load: () async throws -> Value) async rethrows -> Value {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[key] }), now - entry.readAt < ttl { return entry.value }
        let value = try await load()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, now)
        }
        return value
    }

    /// Forgets the key's value: the next read loads it afresh (a change this process made).
    func forget(_ key: Key) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
    }
}
