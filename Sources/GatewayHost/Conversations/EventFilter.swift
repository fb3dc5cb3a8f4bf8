/// Which events a list shows: after a sequence number, of a type, of a conversation.
package struct EventFilter: Sendable {
    package var type: String?
    package var conversationID: String?
    package var after: Int64?
    /// The newest events rather than the oldest (a timeline's view).
    package var newestFirst = false

    package init() {}
}
