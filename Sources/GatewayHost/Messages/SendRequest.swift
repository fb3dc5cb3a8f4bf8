/// A send route's body (also a send tool's arguments): the message it asks for, and how to queue it.
protocol SendRequest: Codable, Sendable {
    var outgoing: Outgoing { get }
    var priority: JobPriority? { get }
    /// Send no earlier than this (ISO 8601).
    var send_at: String? { get }
}
