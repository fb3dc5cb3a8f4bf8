import Synchronization

/// Pacing inside one process (the embedded setup).
package final class LocalSendPacer: SendPacer {
    private let nextSlot = Mutex<[String: ContinuousClock.Instant]>([:])

    package init() {}

    package func reserve(key: String, perMinute: Int) async throws -> Duration? {
        let now = ContinuousClock.now
        return nextSlot.withLock { slots in
            if let next = slots[key], next > now { return next - now }
            slots[key] = now + .milliseconds(60_000 / max(perMinute, 1))
            return nil
        }
    }
}
