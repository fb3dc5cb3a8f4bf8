package import Foundation

/// What one execution of a trigger did.
package struct TriggerExecution: Sendable {
    package let id: String
    package let triggerID: String
    package let clientID: String
    package let conversationID: String?
    package let executedAt: Date
    package let conditionMet: Bool
    package let actionExecuted: Bool
    /// The send's message id, the status set, ...
    package let result: JSONValue?
    package let errorMessage: String?
    /// Why the action did not run: `condition_false`, `trigger_disabled`, `condition_error`, `no_address`...
    package let skipReason: String?
    package let milliseconds: Int
    /// `scheduled` (a timer), `schedule` (a cron occurrence), `event`, `condition` or `test` (a simulation's send);
    /// known once stored.
    package var kind: String?
    /// Its position in the log (0 until stored).
    package var seq: Int64 = 0
}
