package import Foundation

/// Which executions a list shows.
package struct ExecutionFilter: Sendable {
    package enum Outcome: String, Sendable {
        /// The action ran.
        case executed
        /// The action did not run, by rule (condition false, trigger off, no template...).
        case skipped
        /// The action or the condition failed.
        case failed
    }

    package var triggerID: String?
    package var conversationID: String?
    package var outcome: Outcome?
    package var since: Date?
    /// Rows older than this position (the previous page's cursor).
    package var before: Int64?

    package init() {}
}
