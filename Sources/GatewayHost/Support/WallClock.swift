package import Foundation

/// Where services read the time they stamp on what they record: the system's clock, or in tests one the test moves,
/// so no test sleeps to get past a second.
package struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    package init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    package var now: Date { read() }

    package static let system = WallClock { Date() }
}
