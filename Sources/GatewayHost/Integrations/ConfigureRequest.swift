/// The body of `POST /api/integrations/{type}/configure`: the seed's flat form, the provider's config fields beside
/// `provider` (`{"api_url", "api_token", "phone_number"}`), or the same fields under `config`.
struct ConfigureRequest: Decodable, Sendable {
    /// Which plugin serves the integration (`uazapi`, `smtp`, `sendgrid`, `client_supabase`, ...); whatsapp and
    /// database have defaults.
    let provider: String?
    /// A label for people; defaults to the provider's name.
    let name: String?
    /// The provider's config fields, as its manifest lists them. A secret field left out keeps its stored value.
    let config: [String: JSONValue]
    /// Whether the fields came flat (errors then name them without `config.`).
    let flat: Bool
    /// Members beside `config` that are not the request's own (refused: the fields go flat or under config).
    let strayFields: [String]
    /// Whether to run the connection test now (default true).
    let test: Bool?
    /// Paces sends through this integration to at most this many a minute (absent: no pacing).
    let send_rate_per_minute: Int?

    /// The keys that are the request's own, not the provider's.
    private enum Keys: String, CodingKey, CaseIterable {
        case provider, name, config, test, send_rate_per_minute
    }

    init(provider: String?, name: String?, config: [String: JSONValue], test: Bool?, send_rate_per_minute: Int?) {
        (self.provider, self.name, self.config, self.test, self.send_rate_per_minute) = (provider, name, config, test, send_rate_per_minute)
        flat = false
        strayFields = []
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        provider = try container.decodeIfPresent(String.self, forKey: .provider)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        test = try container.decodeIfPresent(Bool.self, forKey: .test)
        send_rate_per_minute = try container.decodeIfPresent(Int.self, forKey: .send_rate_per_minute)
        let own = Set(Keys.allCases.map(\.rawValue))
        let others = try decoder.singleValueContainer().decode([String: JSONValue].self).filter { !own.contains($0.key) }
        flat = !container.contains(.config)
        config = flat ? others : try container.decode([String: JSONValue].self, forKey: .config)
        strayFields = flat ? [] : others.keys.sorted()
    }

    /// A field that tells the database's `mode` when the seed leaves it out, with the mode it tells.
    static let databaseModeHints = [(field: "supabase_url", mode: "rest"), (field: "connection_string", mode: "postgres")]

    /// The database's `mode` when the seed leaves it out: `rest` for a Supabase URL, `postgres` for a connection string.
    func inferringDatabaseMode() -> [String: JSONValue] {
        guard config["mode"] == nil, let hint = Self.databaseModeHints.first(where: { config[$0.field] != nil }) else { return config }
        var completed = config
        completed["mode"] = .string(hint.mode)
        return completed
    }
}
