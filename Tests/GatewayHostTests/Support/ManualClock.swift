import Foundation
import Synchronization

@testable import GatewayHost

/// A wall clock that stands still until the test moves it.
final class ManualClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date = Date()) {
        time = Mutex(start)
    }

    var now: Date { time.withLock { $0 } }

    var wallClock: WallClock { WallClock { [self] in now } }

    func advance(by seconds: TimeInterval) {
        time.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
