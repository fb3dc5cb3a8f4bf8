import Foundation
import HTTPTypes
import Logging

/// Configures, tests, shows and deletes a client's integrations: validates a config against the provider's manifest,
/// lets the plugin vet it by creating an instance, seals the secret fields, stores it, and keeps one live instance
/// per integration.
final class IntegrationService: Sendable {
    let store: any GatewayStore
    let vault: Vault
    let registry: PluginRegistry
    let logger: Logger
    private let instances = PluginInstanceCache()

    static let createTimeoutMs: UInt64 = 10_000
    static let testTimeoutMs: UInt64 = 15_000

    init(store: any GatewayStore, vault: Vault, registry: PluginRegistry, logger: Logger) {
        self.store = store
        self.vault = vault
        self.registry = registry
        self.logger = logger
    }

    func configure(
        clientID: String, type: IntegrationType, request: ConfigureRequest, actor: String
    ) async throws -> (IntegrationRecord, ConnectionTestResult?) {
        if let rate = request.send_rate_per_minute, !(1...60_000).contains(rate) {
            throw GatewayError(.unprocessableContent, .validationError, "send_rate_per_minute must be 1 to 60000", details: ["field": .string("send_rate_per_minute")])
        }
        let plugin = try plugin(for: type, requested: request.provider)
        let existing = try await store.integration(clientID: clientID, type: type.rawValue)
        let config = try completeConfig(request.config, manifest: plugin.manifest, keepingSecretsOf: existing, clientID: clientID)
        let secretFields = Set(plugin.manifest.config.filter(\.secret).map(\.name))
        let secrets = SecretMask.secretValues(in: config, fields: secretFields)
        let instance = try await createInstance(plugin, config: config, clientID: clientID, secrets: secrets)
        let sealed = try vault.sealSecrets(config, secretFields: secretFields, clientID: clientID)
        let now = Date()
        let record = try await store.saveIntegration(
            IntegrationRecord(
                id: existing?.id ?? UUID().uuidString.lowercased(), clientID: clientID, type: type.rawValue, provider: plugin.manifest.id,
                name: request.name ?? plugin.manifest.name, status: IntegrationStatus.configured, config: IntegrationRecord.configText(sealed),
                sendRatePerMinute: request.send_rate_per_minute, createdAt: now, updatedAt: now
            ),
            actor: actor
        )
        instances.store(instance, for: record)
        logger.info("integration configured", metadata: ["client.id": "\(clientID)", "integration.id": "\(record.id)", "provider.id": "\(record.provider)"])
        guard request.test ?? true else { return (record, nil) }
        let test = try await runTest(record, instance: instance, secrets: secrets)
        return (try await integration(clientID: clientID, type: type), test)
    }

    func integration(clientID: String, type: IntegrationType) async throws -> IntegrationRecord {
        guard let record = try await store.integration(clientID: clientID, type: type.rawValue) else {
            throw GatewayError(.notFound, .integrationNotFound, "no \(type.rawValue) integration is configured")
        }
        return record
    }

    func test(clientID: String, type: IntegrationType) async throws -> ConnectionTestResult {
        let record = try await integration(clientID: clientID, type: type)
        do {
            let live = try await liveInstance(record)
            return try await runTest(record, instance: live.instance, secrets: live.secrets)
        } catch let error as GatewayError where error.status == .unprocessableContent {
            // The plugin refuses the stored config (e.g. a newer plugin version): that is this test's outcome.
            let result = ConnectionTestResult(success: false, message: error.message, latency_ms: 0, error_code: error.code.rawValue)
            try await store.recordTest(clientID: clientID, id: record.id, status: IntegrationStatus.error, error: error.message, at: Date())
            return result
        }
    }

    /// The integration's plugin instance, created from the stored config unless one is live, and the secret values
    /// to keep out of whatever the provider says. 503 when the plugin is not loaded; 422 when it refuses the config.
    func liveInstance(_ record: IntegrationRecord) async throws -> (instance: PluginInstance, secrets: [String]) {
        guard let plugin = registry.plugin(id: record.provider) else {
            throw GatewayError(.serviceUnavailable, .providerUnavailable, "provider '\(record.provider)' is not loaded")
        }
        let stored = try record.configFields()
        let config = try vault.openSecrets(stored, clientID: record.clientID)
        let sealedFields = Set(stored.compactMap { field in field.value.stringValue.map(Vault.isSealed) == true ? field.key : nil })
        let secrets = SecretMask.secretValues(in: config, fields: sealedFields)
        if let cached = instances.instance(for: record) { return (cached, secrets) }
        let instance = try await createInstance(plugin, config: config, clientID: record.clientID, secrets: secrets)
        instances.store(instance, for: record)
        return (instance, secrets)
    }

    func delete(clientID: String, id: String, actor: String) async throws {
        guard try await store.deleteIntegration(clientID: clientID, id: id, actor: actor) else {
            throw GatewayError(.notFound, .integrationNotFound, "no integration with that id")
        }
        instances.remove(integrationID: id)
        logger.info("integration deleted", metadata: ["client.id": "\(clientID)", "integration.id": "\(id)"])
    }

    /// The plugin that serves `type`: the requested provider, or the type's default; it must be loaded and of the
    /// type's kind.
    private func plugin(for type: IntegrationType, requested: String?) throws -> LoadedPlugin {
        guard let providerID = requested ?? type.defaultProvider else {
            throw GatewayError(.unprocessableContent, .validationError, "field 'provider' is required for \(type.rawValue)", details: ["field": .string("provider")])
        }
        guard let plugin = registry.plugin(id: providerID) else {
            throw GatewayError(
                .unprocessableContent, .validationError, "no provider '\(providerID.prefix(64))' is loaded (GET /api/plugins lists them)",
                details: ["field": .string("provider")]
            )
        }
        guard plugin.manifest.kind == type.rawValue else {
            throw GatewayError(
                .unprocessableContent, .validationError, "provider '\(providerID)' serves \(plugin.manifest.kind), not \(type.rawValue)",
                details: ["field": .string("provider")]
            )
        }
        return plugin
    }

    /// Checks the fields against the manifest (an unknown field could be a secret stored in the clear) and fills in
    /// secret fields the caller left out from the stored integration of the same provider.
    private func completeConfig(
        _ config: [String: JSONValue], manifest: PluginManifest, keepingSecretsOf existing: IntegrationRecord?, clientID: String
    ) throws -> [String: JSONValue] {
        let known = Set(manifest.config.map(\.name))
        if let unknown = config.keys.sorted().first(where: { !known.contains($0) }) {
            throw GatewayError(
                .unprocessableContent, .validationError, "provider '\(manifest.id)' has no config field '\(unknown.prefix(64))'",
                details: ["field": .string("config.\(unknown.prefix(64))")]
            )
        }
        guard let existing, existing.provider == manifest.id else { return config }
        let stored = try vault.openSecrets(try existing.configFields(), clientID: clientID)
        var completed = config
        for field in manifest.config where field.secret && config[field.name] == nil {
            completed[field.name] = stored[field.name]
        }
        return completed
    }

    /// Creates a plugin instance; a config the plugin refuses is a 422 naming the field it blames.
    private func createInstance(_ plugin: LoadedPlugin, config: [String: JSONValue], clientID: String, secrets: [String]) async throws -> PluginInstance {
        let created: Result<PluginInstance, PluginCallFailure>
        do {
            created = try await plugin.createInstance(config: Data(IntegrationRecord.configText(config).utf8), client: clientID, timeoutMs: Self.createTimeoutMs)
        } catch {
            throw GatewayError(.serviceUnavailable, .providerUnavailable, error.message)
        }
        switch created {
        case .success(let instance):
            return instance
        case .failure(let failure):
            let result = failure.result
            let message = SecretMask.scrub(result.errorMessage ?? "provider '\(plugin.manifest.id)' refused the config (\(result.status.name))", secrets: secrets)
            let details: [String: JSONValue] = result.errorFieldName.map { ["field": .string("config." + $0)] } ?? [:]
            throw GatewayError(.unprocessableContent, result.status == .invalid ? .validationError : result.status.errorCode, message, details: details)
        }
    }

    /// Runs the provider's `test` op and records the outcome on the integration; the provider's message is cleaned of
    /// any secret it repeats.
    private func runTest(_ record: IntegrationRecord, instance: PluginInstance, secrets: [String]) async throws -> ConnectionTestResult {
        let started = ContinuousClock.now
        let answer: PluginCallResult
        do {
            answer = try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: Self.testTimeoutMs)
        } catch {
            throw GatewayError(.serviceUnavailable, .providerUnavailable, error.message)
        }
        let latency = started.duration(to: .now)
        let latencyMs = Int(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000)
        let result: ConnectionTestResult
        if answer.status == .ok {
            let output = try? JSONDecoder().decode([String: JSONValue].self, from: answer.output)
            let message = SecretMask.scrub(output?["message"]?.stringValue ?? "connected", secrets: secrets)
            result = ConnectionTestResult(success: true, message: message, latency_ms: latencyMs, error_code: nil)
        } else {
            let message = SecretMask.scrub(answer.errorMessage ?? "the connection test failed (\(answer.status.name))", secrets: secrets)
            result = ConnectionTestResult(success: false, message: message, latency_ms: latencyMs, error_code: answer.status.errorCode.rawValue)
        }
        try await store.recordTest(
            clientID: record.clientID, id: record.id, status: result.success ? IntegrationStatus.connected : IntegrationStatus.error,
            error: result.success ? nil : result.message, at: Date()
        )
        logger.info(
            "connection tested",
            metadata: ["client.id": "\(record.clientID)", "integration.id": "\(record.id)", "test.success": "\(result.success)", "test.latency_ms": "\(latencyMs)"]
        )
        return result
    }
}
