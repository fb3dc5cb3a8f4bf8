import Synchronization

/// The queue's counts for `/metrics`, read from the backend at most once per `maxAge` however often and by however
/// many scrapers it is read: counting is cheap, but not free on a large store.
final class QueueCountsCache: Sendable {
    private let queue: any JobQueue
    private let maxAge: Duration
    private let cached = Mutex<(counts: QueueCounts, readAt: ContinuousClock.Instant)?>(nil)

    init(queue: any JobQueue, maxAge: Duration = .seconds(10)) {
        self.queue = queue
        self.maxAge = maxAge
    }

    func counts() async throws -> QueueCounts {
        let now = ContinuousClock.now
        if let cached = cached.withLock({ $0 }), now - cached.readAt < maxAge { return cached.counts }
        let counts = try await queue.counts()
        cached.withLock { $0 = (counts, now) }
        return counts
    }
}
