/// What a provider declares about itself; serialised to the manifest JSON of the ABI.
public struct ProviderManifest: Sendable, Encodable {
    /// Stable id, e.g. `uazapi`: lower-case letters, digits and `_`.
    public var id: String
    public var name: String
    public var version: String
    /// `whatsapp`, `email`, `sms`, `database`...
    public var kind: String
    /// Further kinds the provider serves (Twilio: `sms`, and `whatsapp` too).
    public var alsoKinds: [String]?
    public var ops: [String]
    public var config: [ConfigField]
    /// Whether the provider authenticates and parses webhooks.
    public var webhook: Bool
    /// Whether invoke/webhook may run concurrently on one instance.
    public var threadSafe: Bool
    /// How the host finds the integration a delivery to `POST /webhooks/{id}` is for; nil: only the per-integration
    /// URL `/webhooks/{id}/{integration_id}` takes deliveries.
    public var webhookRoute: WebhookRoute?

    public init(
        id: String, name: String, version: String, kind: String, ops: [String], config: [ConfigField], webhook: Bool,
        threadSafe: Bool, webhookRoute: WebhookRoute? = nil, alsoKinds: [String]? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.kind = kind
        self.ops = ops
        self.config = config
        self.webhook = webhook
        self.threadSafe = threadSafe
        self.webhookRoute = webhookRoute
        self.alsoKinds = alsoKinds
    }

    enum CodingKeys: String, CodingKey {
        case id, name, version, kind, ops, config, webhook
        case threadSafe = "thread_safe"
        case webhookRoute = "webhook_route"
        case alsoKinds = "also_kinds"
    }
}

/// Deliveries to the provider's shared URL carry a value that only one integration's config holds (an instance token,
/// a secret the host generated): in a header or in a top-level string member of the JSON body. The host keeps a blind
/// index of that config field and finds the integration by it.
public struct WebhookRoute: Sendable, Encodable {
    public var configField: String
    public var header: String?
    public var bodyField: String?

    /// Routed by a header, e.g. `x-gateway-webhook-secret`.
    public static func header(_ name: String, configField: String) -> WebhookRoute {
        WebhookRoute(configField: configField, header: name.lowercased(), bodyField: nil)
    }

    /// Routed by a top-level string member of the JSON body, e.g. `token`.
    public static func bodyField(_ name: String, configField: String) -> WebhookRoute {
        WebhookRoute(configField: configField, header: nil, bodyField: name)
    }

    enum CodingKeys: String, CodingKey {
        case header
        case configField = "config_field"
        case bodyField = "body_field"
    }
}

/// One config field: its type, whether it is required, whether the host must encrypt it, and whether it decides where
/// the secrets go (the host then requires the secrets again when it changes).
public struct ConfigField: Sendable, Encodable {
    public enum FieldType: String, Sendable, Encodable {
        case string, integer, number, boolean, array, object
    }

    public var name: String
    public var type: FieldType
    public var required: Bool
    public var secret: Bool
    /// A URL, host, port, TLS mode, connection string or mode: where the secrets are sent.
    public var destination: Bool
    public var description: String
    /// A valid value the test harness uses to build a config (never a real secret).
    public var example: JSONValue
    /// A secret the host fills with a random value when a configure leaves it out and none is stored (a webhook
    /// secret the provider is then told to send).
    public var generated: Bool

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, secret: Bool = false, destination: Bool = false, generated: Bool = false,
        description: String, example: JSONValue
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.secret = secret
        self.destination = destination
        self.description = description
        self.example = example
        self.generated = generated
    }
}
