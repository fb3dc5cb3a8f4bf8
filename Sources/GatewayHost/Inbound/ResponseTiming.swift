import Synchronization

/// How long handling a delivery for a known integration typically takes (a moving average), so a delivery for an
/// unknown one can be answered after as long: the answer's timing does not reveal which integrations exist.
final class ResponseTiming: Sendable {
    private let average = Mutex<Duration>(.milliseconds(2))
    /// The longest an unknown delivery is held.
    static let cap: Duration = .milliseconds(250)

    var typical: Duration { min(average.withLock { $0 }, Self.cap) }

    func record(_ duration: Duration) {
        average.withLock { $0 = $0 * 0.9 + duration * 0.1 }
    }
}
