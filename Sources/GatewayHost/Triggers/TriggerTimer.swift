package import Foundation

/// A time-based trigger's timer for one conversation: the episode (the reference time it counts from) and when it is due.
package struct TriggerTimer: Sendable {
    package let triggerID: String
    package let conversationID: String
    package let clientID: String
    package let referenceAt: Date
    /// The reference time exactly as the database holds it: episodes are matched on it, never on a `Date` that was
    /// parsed and formatted again (and may have moved by a rounding).
    package let episode: String
    package let dueAt: Date
}
