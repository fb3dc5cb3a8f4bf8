/// The body of `POST /api/integrations/{type}/configure`.
struct ConfigureRequest: Decodable, Sendable {
    /// Which plugin serves the integration (`uazapi`, `smtp`, `sendgrid`, `client_supabase`, ...); whatsapp and
    /// database have defaults.
    let provider: String?
    /// A label for people; defaults to the provider's name.
    let name: String?
    /// The provider's config fields, as its manifest lists them. A secret field left out keeps its stored value.
    let config: [String: JSONValue]
    /// Whether to run the connection test now (default true).
    let test: Bool?
    /// Paces sends through this integration to at most this many a minute (absent: no pacing).
    let send_rate_per_minute: Int?
}
