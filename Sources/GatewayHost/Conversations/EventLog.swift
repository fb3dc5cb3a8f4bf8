package import Foundation

/// The client's event log: messages received, receipts, status and lead changes, what agents report. Read by the API
/// per client and by the trigger scheduler in sequence order across clients.
package protocol EventLog: Sendable {
    func appendEvent(clientID: String, conversationID: String?, type: String, data: [String: JSONValue], at: Date) async throws -> EventRecord?
    func events(clientID: String, filter: EventFilter, limit: Int) async throws -> [EventRecord]
    /// Every client's events after sequence number `after` and not newer than `until`, in sequence order (operator work).
    func eventsAfter(_ after: Int64, until: Date, limit: Int) async throws -> [EventRecord]
    /// How old an event must be before a reader that has passed it knows no event with a lower sequence number is still
    /// being committed (several writers commit out of sequence order).
    var sequenceSettleTime: TimeInterval { get }
    /// Deletes the event log's entries (with their deliveries' dedup keys) older than `cutoff` (operator work); returns
    /// how many.
    func purgeEvents(before cutoff: Date) async throws -> Int
}
