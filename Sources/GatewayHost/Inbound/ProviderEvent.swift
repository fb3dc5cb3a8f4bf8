/// A normalised event as a plugin's `webhook` op returns it (docs/provider-abi.md, "Normalised events"), decoded
/// field by field: fields that do not apply are absent, unknown ones are ignored.
struct ProviderEvent: Decodable, Sendable {
    let type: String?
    let provider_message_id: String?
    /// `message_status`: the gateway's id of the message, when the provider carried it back.
    let message_id: String?
    let from: String?
    let name: String?
    let text: String?
    let subject: String?
    let is_group: Bool?
    let media_type: String?
    let media_url: String?
    let timestamp: String?
    let status: String?
    let state: String?
}
