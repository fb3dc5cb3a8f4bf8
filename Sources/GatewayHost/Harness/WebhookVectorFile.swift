/// The webhook test vectors a plugin ships (`gw_provider_vtable.webhook_vectors_json`).
struct WebhookVectorFile: Decodable {
    struct Vector: Decodable {
        let name: String
        let method: String
        let path: String
        let headers: [String: String]
        let body: String
        /// `ok` or `auth`.
        let expect: String
        let events: Int?
    }

    let config: [String: JSONValue]
    let vectors: [Vector]
}
