/// The kinds of integration a client configures: one primary of each, and fallbacks for the sending types. A type is served by any loaded plugin whose
/// manifest `kind` (or one of its `also_kinds`) matches; the request's `provider` picks which.
package enum IntegrationType: String, Sendable, Codable, CaseIterable {
    case whatsapp
    case email
    /// Text messages to phones (Twilio).
    case sms
    case database
    /// The client's agent endpoint (`PUT /api/agent`): turns of inbound messages are delivered through it.
    case agent

    /// The types configured through `/api/integrations/{type}/...` (the agent has its own route).
    static let configurable: [IntegrationType] = [.whatsapp, .email, .sms, .database]
    /// The types whose sends may fail over to fallback integrations.
    static let sending: [IntegrationType] = [.whatsapp, .email, .sms]

    /// The provider used when a configure request names none; email has none: `smtp` and `sendgrid` are equals.
    var defaultProvider: String? {
        switch self {
        case .whatsapp: "uazapi"
        case .email: nil
        case .sms: "twilio"
        case .database: "client_supabase"
        case .agent: "agent_webhook"
        }
    }
}
