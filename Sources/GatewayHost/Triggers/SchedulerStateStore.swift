package import Foundation

/// The scheduler's shared state across processes: the lease of the process leading the scans and the scans' cursors.
package protocol SchedulerStateStore: Sendable {
    /// True when `holder` holds (or took) the lease `name` until `now + duration`.
    func holdLease(_ name: String, holder: String, now: Date, for duration: TimeInterval) async throws -> Bool
    func cursor(_ name: String) async throws -> Int64
    func advanceCursor(_ name: String, to position: Int64) async throws
}
