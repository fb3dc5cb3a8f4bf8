/// The OpenAPI schemas of `POST /api/integrations/{type}/configure`, one per type, made from the loaded plugins'
/// manifests: one alternative per provider (its `provider` value, its fields with their types, no other field), each
/// flat as the seed sends it or under `config`. Secret fields are optional here (a change may leave them out to keep
/// the stored ones, unless a destination changes); what only the plugin checks (a URL's form, a range) it refuses 422
/// naming the field.
enum ConfigureSchemas {
    /// `ConfigureWhatsapp`, `ConfigureEmail`, `ConfigureDatabase`.
    static func name(_ type: IntegrationType) -> String {
        "Configure" + type.rawValue.prefix(1).uppercased() + type.rawValue.dropFirst()
    }

    static func all(providers: [PluginManifest]) -> [String: JSONValue] {
        Dictionary(
            uniqueKeysWithValues: IntegrationType.configurable.map { type in
                let alternatives = providers.filter { $0.serves(type) }.sorted { $0.id < $1.id }.map { provider($0, of: type) }
                let schema: JSONValue =
                    alternatives.isEmpty
                    ? ["type": "object", "description": .string("no \(type.rawValue) provider is loaded (GET /api/plugins)")]
                    : ["oneOf": .array(alternatives)]
                return (name(type), schema)
            })
    }

    private static func provider(_ manifest: PluginManifest, of type: IntegrationType) -> JSONValue {
        let isDefault = type.defaultProvider == manifest.id
        let fields = Dictionary(uniqueKeysWithValues: manifest.config.map { ($0.name, field($0)) })
        let filled = requiredFields(manifest, of: type)
        let own: [String: JSONValue] = [
            "provider": isDefault ? OpenAPISchemas.orNull(["const": .string(manifest.id)]) : ["const": .string(manifest.id)],
            "name": OpenAPISchemas.orNull(OpenAPISchemas.text(IntegrationService.nameLengths)), "test": OpenAPISchemas.orNull(OpenAPISchemas.boolean),
            "send_rate_per_minute": OpenAPISchemas.orNull(OpenAPISchemas.range(IntegrationService.sendRates)),
        ]
        let named: [JSONValue] = isDefault ? [] : ["provider"]
        let flat: JSONValue = [
            "type": "object", "properties": .object(own.merging(fields) { $1 }), "additionalProperties": false,
            "required": .array(named), "allOf": .array(filled),
        ]
        let nested: JSONValue = [
            "type": "object", "additionalProperties": false, "required": .array(named + ["config"]),
            "properties": .object(
                own.merging(["config": ["type": "object", "properties": .object(fields), "additionalProperties": false, "allOf": .array(filled)]]) { $1 }),
        ]
        let choice = isDefault ? "optional, this is the default" : "required"
        return [
            "title": .string(manifest.id),
            "description": .string("\(manifest.name): provider \(choice); fields flat or under config, at most 16 KiB in all"),
            "oneOf": [flat, nested],
        ]
    }

    /// The manifest's required fields that are not secret; the database's mode may instead be told by a field that
    /// implies it.
    private static func requiredFields(_ manifest: PluginManifest, of type: IntegrationType) -> [JSONValue] {
        manifest.config.filter { $0.required && !$0.secret }.map { field in
            guard type == .database, field.name == "mode" else { return OpenAPISchemas.required(field.name) }
            return ["anyOf": .array(([field.name] + ConfigureRequest.databaseModeHints.map(\.field)).map(OpenAPISchemas.required))]
        }
    }

    /// A field of its type; a required string is not empty (`ProviderConfig.requiredString`). Null reads as absent, so
    /// only an optional field or a secret (kept from before) may be null.
    private static func field(_ field: PluginManifest.ConfigField) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(field.type)]
        if field.required && field.type == "string" { schema["minLength"] = 1 }
        let typed = JSONValue.object(schema)
        var described: [String: JSONValue] = ["anyOf": !field.required || field.secret ? [typed, ["type": "null"]] : [typed]]
        if let description = field.description { described["description"] = .string(field.secret ? description + " (secret: write-only)" : description) }
        return .object(described)
    }
}
