import Foundation

/// A provider's manifest as the host reads it from the plugin, validated before the plugin is registered.
public struct PluginManifest: Sendable, Codable, Equatable {
    public struct ConfigField: Sendable, Codable, Equatable {
        public let name: String
        public let type: String
        public let required: Bool
        public let secret: Bool
        /// Whether the field decides where the secrets go (a URL, host, port, TLS mode, connection string, mode): changing
        /// it requires the secrets again.
        public let destination: Bool
        public let description: String?
        /// A valid value, from which the test harness builds a config.
        public let example: JSONValue?
        /// A secret string the host fills with a random value when a configure leaves it out and none is stored.
        public let generated: Bool

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try container.decode(String.self, forKey: .type)
            required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
            secret = try container.decodeIfPresent(Bool.self, forKey: .secret) ?? false
            destination = try container.decodeIfPresent(Bool.self, forKey: .destination) ?? false
            description = try container.decodeIfPresent(String.self, forKey: .description)
            example = try container.decodeIfPresent(JSONValue.self, forKey: .example)
            generated = try container.decodeIfPresent(Bool.self, forKey: .generated) ?? false
        }
    }

    /// How `POST /webhooks/{provider}` finds a delivery's integration: by the blind index of `configField`, matched
    /// against the delivery's `header` or the top-level string member `bodyField` of its JSON body.
    public struct WebhookRoute: Sendable, Codable, Equatable {
        public let configField: String
        public let header: String?
        public let bodyField: String?

        enum CodingKeys: String, CodingKey {
            case header
            case configField = "config_field"
            case bodyField = "body_field"
        }
    }

    public let id: String
    public let name: String
    public let version: String
    /// What the provider serves: an integration type the host knows, or one a newer host will (the plugin still loads).
    public let kind: String
    /// Further types it serves (Twilio: `sms`, and `whatsapp` too).
    public let alsoKinds: [String]
    public let ops: [String]
    public let config: [ConfigField]
    public let webhook: Bool
    public let threadSafe: Bool
    public let webhookRoute: WebhookRoute?

    /// Whether the provider serves integrations of `type`.
    func serves(_ type: IntegrationType) -> Bool {
        kind == type.rawValue || alsoKinds.contains(type.rawValue)
    }

    static let fieldTypes: Set<String> = ["string", "integer", "number", "boolean", "array", "object"]

    enum CodingKeys: String, CodingKey {
        case id, name, version, kind, ops, config, webhook
        case threadSafe = "thread_safe"
        case webhookRoute = "webhook_route"
        case alsoKinds = "also_kinds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        version = try container.decode(String.self, forKey: .version)
        kind = try container.decode(String.self, forKey: .kind)
        alsoKinds = try container.decodeIfPresent([String].self, forKey: .alsoKinds) ?? []
        ops = try container.decode([String].self, forKey: .ops)
        config = try container.decode([ConfigField].self, forKey: .config)
        webhook = try container.decodeIfPresent(Bool.self, forKey: .webhook) ?? false
        threadSafe = try container.decodeIfPresent(Bool.self, forKey: .threadSafe) ?? false
        webhookRoute = try container.decodeIfPresent(WebhookRoute.self, forKey: .webhookRoute)
    }

    /// Parses and checks manifest JSON; the error names what is wrong.
    static func parse(_ json: Data) throws(PluginManifestError) -> PluginManifest {
        let manifest: PluginManifest
        do {
            manifest = try JSONDecoder().decode(PluginManifest.self, from: json)
        } catch DecodingError.keyNotFound(let key, let context) {
            throw PluginManifestError("missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch DecodingError.typeMismatch(_, let context) {
            throw PluginManifestError("field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw PluginManifestError("not valid JSON")
        }
        try manifest.validate()
        return manifest
    }

    /// Parses a plugin's manifest and checks it against its vtable; the load error names what is wrong.
    static func validated(_ json: Data, takesWebhooks: Bool, path: String) throws(PluginLoadError) -> PluginManifest {
        let manifest: PluginManifest
        do {
            manifest = try parse(json)
        } catch {
            throw PluginLoadError(code: .invalidManifest, path: path, reason: "manifest \(error.reason)")
        }
        guard !manifest.webhook || takesWebhooks else {
            throw PluginLoadError(code: .incompleteVTable, path: path, reason: "the manifest declares webhooks but the vtable has no webhook function")
        }
        return manifest
    }

    private func validate() throws(PluginManifestError) {
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw PluginManifestError("id '\(id)' must be lower-case letters, digits and '_'")
        }
        guard !kind.isEmpty, !version.isEmpty, alsoKinds.allSatisfy({ !$0.isEmpty }) else {
            throw PluginManifestError("kind, also_kinds and version must not be empty")
        }
        guard !ops.isEmpty, ops.allSatisfy({ !$0.isEmpty }) else { throw PluginManifestError("ops must list at least one op") }
        for field in config {
            guard Self.fieldTypes.contains(field.type) else {
                throw PluginManifestError("config field '\(field.name)' has unknown type '\(field.type)'")
            }
            guard !field.generated || (field.secret && field.type == "string") else {
                throw PluginManifestError("config field '\(field.name)' is generated but not a secret string")
            }
        }
        guard Set(config.map(\.name)).count == config.count else { throw PluginManifestError("config field names repeat") }
        if let route = webhookRoute { try validate(route) }
    }

    private func validate(_ route: WebhookRoute) throws(PluginManifestError) {
        guard webhook else { throw PluginManifestError("webhook_route needs webhook: true") }
        guard config.contains(where: { $0.name == route.configField && $0.type == "string" }) else {
            throw PluginManifestError("webhook_route names '\(route.configField)', which is not a string config field")
        }
        switch (route.header, route.bodyField) {
        case (let header?, nil):
            guard !header.isEmpty, header.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw PluginManifestError("webhook_route header '\(header)' must be lower-case letters, digits and '-'")
            }
        case (nil, let field?):
            guard !field.isEmpty else { throw PluginManifestError("webhook_route body_field must not be empty") }
        default:
            throw PluginManifestError("webhook_route takes exactly one of header and body_field")
        }
    }
}

/// What is wrong with a manifest.
struct PluginManifestError: Error {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}
