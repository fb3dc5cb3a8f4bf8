/// A send endpoint's body: which integration type sends it, and the provider op and input it becomes.
protocol SendRequest: Codable, Sendable {
    static var channel: IntegrationType { get }
    var priority: JobPriority? { get }
    /// Send no earlier than this (ISO 8601).
    var send_at: String? { get }
    /// The provider op and its input, after checking what the API can check without the provider.
    func providerCall() throws -> (op: String, input: [String: JSONValue])
    /// The one contact the message goes to, whose conversation it joins (nil for a group).
    var recipient: String? { get }
    /// The message's type in its conversation (`text`, or the media type).
    var messageType: String { get }
}
