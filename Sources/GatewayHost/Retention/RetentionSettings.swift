package import Foundation

/// How long finished messages and idempotency keys are kept. A message's content is dropped as soon as it is sent
/// (the seed's rule: content is not kept); failed and dead messages keep theirs until purged, so they can be replayed.
public struct RetentionSettings: Sendable {
    /// Sent messages (their status, never their content).
    public var sentDays = 30
    /// Idempotency keys, from when they were taken (at least their 24 hours).
    public var idempotencyDays = 1
    /// Failed and dead messages (dead letters), with their content for a replay.
    public var deadDays = 30
    /// The event log, which holds the webhook deliveries' dedup keys: at least 7 days, so a provider's late retry of a
    /// delivery is still known.
    public var eventDays = 90
    /// How often the purge runs.
    public var interval: Duration = .seconds(3_600)

    public init() {}

    /// What a purge run deletes: everything that finished before these times.
    func cutoffs(at date: Date = Date()) -> PurgeCutoffs {
        let day: Double = 24 * 60 * 60
        return PurgeCutoffs(
            sentBefore: date.addingTimeInterval(-Double(sentDays) * day), deadBefore: date.addingTimeInterval(-Double(deadDays) * day),
            idempotencyExpiredBefore: date.addingTimeInterval(-Double(idempotencyDays - 1) * day),
            eventsBefore: date.addingTimeInterval(-Double(eventDays) * day)
        )
    }
}

/// The times before which a purge deletes each kind of record.
package struct PurgeCutoffs: Sendable {
    package let sentBefore: Date
    package let deadBefore: Date
    /// Keys whose 24 hours ended before this.
    package let idempotencyExpiredBefore: Date
    /// Event log entries made before this.
    package let eventsBefore: Date
}

/// What a purge run deleted.
package struct PurgeCounts: Sendable, Equatable {
    package var sent = 0
    package var dead = 0
    package var idempotencyKeys = 0
    package var events = 0
}
