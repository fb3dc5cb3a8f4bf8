import Synchronization

/// When a background loop last completed a round, so `/health` can tell a loop that runs from one that is stuck.
final class Heartbeat: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    func beat() {
        last.withLock { $0 = .now }
    }

    /// How long ago the last round ended; nil before the first.
    var age: Duration? {
        last.withLock { $0.map { $0.duration(to: .now) } }
    }
}
