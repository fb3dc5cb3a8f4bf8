/// Where a message is on its way out.
package enum JobStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for a worker (possibly until a later time: a retry, a delayed send, an open circuit).
    case queued
    /// A worker holds it and is calling the provider.
    case sending
    /// The provider accepted it.
    case sent
    /// The provider refused it for a reason a retry cannot fix (PERMANENT, AUTH, INVALID); can be replayed.
    case failed
    /// Retries ran out; a dead letter until replayed.
    case dead

    /// Final states a caller may replay.
    package var isReplayable: Bool { self == .failed || self == .dead }
    /// The provider's outcome is known: accepted, refused, or retries ran out.
    package var isSettled: Bool { self == .sent || isReplayable }
}
