import Foundation
import Logging
import Synchronization

/// Configures, tests, shows and deletes a client's integrations (per type a primary and its fallbacks): validates a
/// config against the provider's manifest, lets the plugin vet it by creating an instance, seals the secret fields,
/// stores it, and keeps one live instance per integration. Throws `IntegrationError`; the HTTP edge turns it into the envelope.
final class IntegrationService: Sendable {
    let store: any IntegrationStore
    let audit: any AuditLog
    let vault: Vault
    let registry: PluginRegistry
    let credentials: CredentialsHealth
    let clock: WallClock
    let logger: Logger
    private let instances = PluginInstanceCache()
    private let revisions = Mutex<[String: UInt64]>([:])

    static let createTimeoutMs: UInt64 = 10_000
    static let testTimeoutMs: UInt64 = 15_000
    /// The most an integration's fields may hold in all (every provider's fit in a few hundred bytes), and its label.
    static let maxConfigBytes = 16 * 1024
    static let nameLengths = 1...200
    static let sendRates = 1...60_000
    static let registerWebhookOp = "register_webhook"
    /// The most fallbacks one integration names.
    static let maxFallbacks = 3

    init(
        store: any IntegrationStore, audit: any AuditLog, vault: Vault, registry: PluginRegistry, credentials: CredentialsHealth,
        clock: WallClock, logger: Logger
    ) {
        self.store = store
        self.audit = audit
        self.vault = vault
        self.registry = registry
        self.credentials = credentials
        self.clock = clock
        self.logger = logger
    }

    /// Which integration of a type a configure writes: the primary, or a fallback (a new one when `id` is nil).
    enum Slot: Sendable, Equatable {
        case primary
        case fallback(id: String?)
    }

    func configure(
        clientID: String, type: IntegrationType, slot: Slot = .primary, request: ConfigureRequest, actor: String
    ) async throws -> (IntegrationRecord, ConnectionTestResult?) {
        if let rate = request.send_rate_per_minute, !Self.sendRates.contains(rate) {
            throw IntegrationError(.invalid, "send_rate_per_minute must be 1 to 60000", field: "send_rate_per_minute")
        }
        if let name = request.name, !Self.nameLengths.contains(TextRules.length(name)) {
            throw IntegrationError(.invalid, "name must be 1 to 200 characters", field: "name")
        }
        guard IntegrationRecord.configText(request.config).utf8.count <= Self.maxConfigBytes else {
            throw IntegrationError(.invalid, "the provider's fields may hold at most 16 KiB in all", field: "config")
        }
        if let stray = request.strayFields.first {
            throw IntegrationError(.invalid, "'\(stray.prefix(64))' is beside config: give the provider's fields flat or under config", field: String(stray.prefix(64)))
        }
        let plugin = try plugin(for: type, requested: request.provider)
        let existing = try await existingIntegration(clientID: clientID, type: type, slot: slot)
        let given = type == .database ? request.inferringDatabaseMode() : request.config
        let config = try completeConfig(given, manifest: plugin.manifest, keepingSecretsOf: existing)
        let secretFields = Set(plugin.manifest.config.filter(\.secret).map(\.name)).filter { config[$0].map { $0 != .null } ?? false }
        let secrets = SecretMask.secretValues(in: config, fields: secretFields)
        let instance = try await createInstance(plugin, config: config, clientID: clientID, secrets: secrets)
        // A config whose test fails is not kept: the answer says why (the seed's INVALID_CREDENTIALS, CONNECTION_FAILED).
        // A provider without a test op is kept untested.
        var probe: (result: ConnectionTestResult, status: ProviderStatus)?
        if request.test ?? true, plugin.manifest.ops.contains("test") {
            let outcome = try await self.probe(instance, secrets: secrets)
            guard outcome.result.success else {
                throw IntegrationError(.testFailed, outcome.result.message, status: outcome.status)
            }
            probe = outcome
        }
        try await registerWebhook(instance, manifest: plugin.manifest, secrets: secrets)
        let sealed = try vault.sealSecrets(config, secretFields: secretFields, clientID: clientID)
        let now = clock.now
        let record: IntegrationRecord
        do {
            record = try await store.saveIntegration(
                IntegrationRecord(
                    id: existing?.id ?? RecordID.make(), clientID: clientID, type: type, provider: plugin.manifest.id,
                    name: request.name ?? plugin.manifest.name, status: IntegrationStatus.configured, config: IntegrationRecord.configText(sealed),
                    secretFields: Array(secretFields), sendRatePerMinute: request.send_rate_per_minute, createdAt: now, updatedAt: now,
                    routeIndex: WebhookRouteIndex.index(of: config, manifest: plugin.manifest, vault: vault),
                    role: slot == .primary ? .primary : .fallback
                ),
                actor: actor
            )
        } catch let error as StoreError where error.code == .conflict {
            // Deliveries are routed by this value (an instance token): two integrations with one would share them.
            let field = plugin.manifest.webhookRoute?.configField ?? "provider"
            throw IntegrationError(.alreadyRouted, "this instance is already configured in another integration", field: "config.\(field)")
        }
        instances.store(instance, secrets: secrets, for: record)
        changed(clientID)
        credentials.record(record.id, readable: true)
        logger.info(
            "integration configured", metadata: ["client.id": "\(clientID)", "integration.id": "\(record.id)", "provider.id": "\(record.provider)"])
        guard let probe else { return (record, nil) }
        try await self.record(probe.result, of: record)
        return (try await store.integration(clientID: clientID, id: record.id) ?? record, probe.result)
    }

    /// What a configure replaces: the type's primary, the named fallback (404 unless it is one of this type), or
    /// nothing for a new fallback (which needs a primary to join, and fewer than `maxFallbacks` of its type).
    private func existingIntegration(clientID: String, type: IntegrationType, slot: Slot) async throws -> IntegrationRecord? {
        switch slot {
        case .primary:
            return try await store.integration(clientID: clientID, type: type)
        case .fallback(let id?):
            guard let record = try await store.integration(clientID: clientID, id: id), record.type == type, record.role == .fallback else {
                throw IntegrationError(.notFound, "no \(type.rawValue) fallback with that id")
            }
            return record
        case .fallback(nil):
            let ofType = try await store.integrations(clientID: clientID).filter { $0.type == type }
            guard let primary = ofType.first(where: { $0.role == .primary }) else {
                throw IntegrationError(.notFound, "configure the \(type.rawValue) integration before its fallbacks")
            }
            // Counted over every fallback of the type, named or not: a client cannot pile them up by unnaming them.
            let fallbacks = ofType.filter { $0.role == .fallback }
            guard fallbacks.count < Self.maxFallbacks else {
                throw IntegrationError(.invalid, "an integration has at most \(Self.maxFallbacks) fallbacks (\(primary.id) has \(fallbacks.count))")
            }
            return nil
        }
    }

    /// Replaces a primary's fallbacks: each a fallback of the client of the same type, named once.
    func setFallbacks(clientID: String, id: String, fallbackIDs: [String], actor: String) async throws -> IntegrationRecord {
        let field = "fallback_integration_ids"
        let candidates = try await store.integrations(clientID: clientID)
        guard let primary = candidates.first(where: { $0.id == id }) else { throw IntegrationError(.notFound, "no integration with that id") }
        guard primary.role == .primary else { throw IntegrationError(.invalid, "only a primary integration names fallbacks", field: field) }
        guard fallbackIDs.count <= Self.maxFallbacks else {
            throw IntegrationError(.invalid, "an integration has at most \(Self.maxFallbacks) fallbacks", field: field)
        }
        guard Set(fallbackIDs).count == fallbackIDs.count else { throw IntegrationError(.invalid, "a fallback is named twice", field: field) }
        for fallbackID in fallbackIDs where !candidates.contains(where: { $0.id == fallbackID && $0.type == primary.type && $0.role == .fallback }) {
            throw IntegrationError(.invalid, "'\(fallbackID.prefix(64))' is not a \(primary.type.rawValue) fallback of this client", field: field)
        }
        guard let record = try await store.setFallbacks(clientID: clientID, id: id, fallbackIDs: fallbackIDs, actor: actor) else {
            throw IntegrationError(.notFound, "no integration with that id")
        }
        changed(clientID)
        logger.info("integration fallbacks set", metadata: ["client.id": "\(clientID)", "integration.id": "\(id)", "integration.fallbacks": "\(fallbackIDs.count)"])
        return record
    }

    /// Switches the client's integration on or off; 404 when it has none with that id.
    func setEnabled(clientID: String, id: String, enabled: Bool, actor: String) async throws -> IntegrationRecord {
        guard let record = try await store.setIntegrationEnabled(clientID: clientID, id: id, enabled: enabled, actor: actor) else {
            throw IntegrationError(.notFound, "no integration with that id")
        }
        changed(clientID)
        logger.info("integration switched", metadata: ["client.id": "\(clientID)", "integration.id": "\(id)", "integration.enabled": "\(enabled)"])
        return record
    }

    func integration(clientID: String, type: IntegrationType) async throws -> IntegrationRecord {
        guard let record = try await store.integration(clientID: clientID, type: type) else {
            throw IntegrationError(.notFound, "no \(type.rawValue) integration is configured")
        }
        return record
    }

    func test(clientID: String, type: IntegrationType) async throws -> ConnectionTestResult {
        let record = try await integration(clientID: clientID, type: type)
        do {
            let live = try await liveInstance(record)
            return try await runTest(record, instance: live.instance, secrets: live.secrets)
        } catch let error as IntegrationError where [.configRefused, .credentialsUnreadable].contains(error.code) {
            // The plugin refuses the stored config (a newer plugin version), or it cannot be read: that is the outcome.
            let code: ErrorCode = error.code == .credentialsUnreadable ? .credentialsUnreadable : error.envelope.code
            let result = ConnectionTestResult(success: false, message: error.message, latency_ms: 0, error_code: code.rawValue)
            try await store.recordTest(clientID: clientID, id: record.id, status: IntegrationStatus.error, error: error.message, at: clock.now)
            return result
        }
    }

    /// The integration's plugin instance, created from the stored config unless one is live, and the secret values
    /// to keep out of whatever the provider says.
    func liveInstance(_ record: IntegrationRecord) async throws -> (instance: PluginInstance, secrets: [String]) {
        guard let plugin = registry.plugin(id: record.provider) else {
            throw IntegrationError(.providerNotLoaded, "provider '\(record.provider)' is not loaded")
        }
        if let cached = instances.live(for: record) { return (cached.instance, cached.secrets) }
        let config: [String: JSONValue]
        do {
            config = try vault.openSecrets(of: record)
            credentials.record(record.id, readable: true)
        } catch {
            credentials.record(record.id, readable: false)
            throw IntegrationError(
                .credentialsUnreadable, "the stored credentials of this integration cannot be read (\(error)): configure it again with its secrets")
        }
        let secrets = SecretMask.secretValues(in: config, fields: Set(record.secretFields))
        let instance = try await createInstance(plugin, config: config, clientID: record.clientID, secrets: secrets)
        instances.store(instance, secrets: secrets, for: record)
        return (instance, secrets)
    }

    /// How many times the client's integrations were changed through this process: `DeliveryTargets` reads them again
    /// as soon as it moves (a retry right after a reconfigure uses the new settings); other processes within their
    /// cache's time.
    func revision(clientID: String) -> UInt64 {
        revisions.withLock { $0[clientID] ?? 0 }
    }

    private func changed(_ clientID: String) {
        revisions.withLock { $0[clientID, default: 0] &+= 1 }
    }

    func delete(clientID: String, id: String, actor: String) async throws {
        guard try await store.deleteIntegration(clientID: clientID, id: id, actor: actor) else {
            throw IntegrationError(.notFound, "no integration with that id")
        }
        instances.remove(integrationID: id)
        changed(clientID)
        credentials.record(id, readable: true)
        logger.info("integration deleted", metadata: ["client.id": "\(clientID)", "integration.id": "\(id)"])
    }

    /// The plugin that serves `type`: the requested provider, or the type's default; it must be loaded and of the
    /// type's kind.
    private func plugin(for type: IntegrationType, requested: String?) throws(IntegrationError) -> LoadedPlugin {
        guard let providerID = requested ?? type.defaultProvider else {
            throw IntegrationError(.invalid, "field 'provider' is required for \(type.rawValue)", field: "provider")
        }
        guard let plugin = registry.plugin(id: providerID) else {
            throw IntegrationError(.invalid, "no provider '\(providerID.prefix(64))' is loaded (GET /api/plugins lists them)", field: "provider")
        }
        guard plugin.manifest.serves(type) else {
            throw IntegrationError(.invalid, "provider '\(providerID)' serves \(plugin.manifest.kind), not \(type.rawValue)", field: "provider")
        }
        return plugin
    }

    /// Checks the fields against the manifest (an unknown field could be a secret stored in the clear) and fills in
    /// secret fields the caller left out from the stored integration of the same provider. A stored secret goes only
    /// where it went before: when a field that decides its destination (URL, host, port, TLS mode, mode) changes, the
    /// secret must be given again.
    private func completeConfig(
        _ config: [String: JSONValue], manifest: PluginManifest, keepingSecretsOf existing: IntegrationRecord?
    ) throws(IntegrationError) -> [String: JSONValue] {
        let known = Set(manifest.config.map(\.name))
        if let unknown = config.keys.sorted().first(where: { !known.contains($0) }) {
            throw IntegrationError(
                .invalid, "provider '\(manifest.id)' has no config field '\(unknown.prefix(64))'", field: "config.\(unknown.prefix(64))")
        }
        let kept = try keepingSecrets(config, manifest: manifest, of: existing)
        return kept.merging(generatedSecrets(manifest, missingFrom: kept)) { given, _ in given }
    }

    private func keepingSecrets(
        _ config: [String: JSONValue], manifest: PluginManifest, of existing: IntegrationRecord?
    ) throws(IntegrationError) -> [String: JSONValue] {
        guard let existing, existing.provider == manifest.id else { return config }
        let leftOut = manifest.config.filter { $0.secret && config[$0.name] == nil && existing.secretFields.contains($0.name) }
        guard let firstLeftOut = leftOut.first(where: { !$0.generated }) ?? leftOut.first else { return config }
        let stored: [String: JSONValue]
        do {
            stored = try vault.openSecrets(of: existing)
        } catch {
            throw IntegrationError(
                .invalid, "\(firstLeftOut.name) must be given again: its stored value cannot be read", field: "config.\(firstLeftOut.name)"
            )
        }
        var completed = config
        for field in leftOut { completed[field.name] = stored[field.name] }
        guard let moved = manifest.config.first(where: { $0.destination && (completed[$0.name] ?? .null) != (stored[$0.name] ?? .null) }) else {
            return completed
        }
        // A generated secret is not the caller's to give: a new destination gets a new one.
        guard firstLeftOut.generated else {
            throw IntegrationError(
                .invalid, "\(firstLeftOut.name) must be given again when \(moved.name) changes", field: "config.\(firstLeftOut.name)"
            )
        }
        for field in leftOut { completed[field.name] = nil }
        return completed
    }

    /// A fresh random value (256 bits, base64url) for every generated secret `config` lacks.
    private func generatedSecrets(_ manifest: PluginManifest, missingFrom config: [String: JSONValue]) -> [String: JSONValue] {
        var generated: [String: JSONValue] = [:]
        for field in manifest.config where field.generated && (config[field.name] ?? .null) == .null {
            generated[field.name] = .string(RandomToken.base64URL(bytes: 32))
        }
        return generated
    }

    /// Lets a plugin that offers `register_webhook` point the provider's deliveries at the gateway (it decides from
    /// its config whether to); a failure fails the configure before anything is kept.
    private func registerWebhook(_ instance: PluginInstance, manifest: PluginManifest, secrets: [String]) async throws {
        guard manifest.ops.contains(Self.registerWebhookOp) else { return }
        let answer: PluginCallResult
        do {
            answer = try await instance.invoke(Self.registerWebhookOp, input: Data("{}".utf8), timeoutMs: Self.testTimeoutMs)
        } catch {
            throw IntegrationError(.providerUnavailable, error.message)
        }
        guard answer.status == .ok else {
            let message = SecretMask.scrub(answer.errorMessage ?? "registering the webhook failed (\(answer.status.name))", secrets: secrets)
            throw IntegrationError(.testFailed, "the webhook could not be registered: \(message)", field: answer.errorFieldName.map { "config." + $0 }, status: answer.status)
        }
    }

    /// Creates a plugin instance; a config the plugin refuses is `configRefused`, naming the field it blames.
    private func createInstance(
        _ plugin: LoadedPlugin, config: [String: JSONValue], clientID: String, secrets: [String]
    ) async throws -> PluginInstance {
        let created: Result<PluginInstance, PluginCallFailure>
        do {
            created = try await plugin.createInstance(
                config: Data(IntegrationRecord.configText(config).utf8), client: clientID, timeoutMs: Self.createTimeoutMs)
        } catch {
            throw IntegrationError(.providerUnavailable, error.message)
        }
        switch created {
        case .success(let instance):
            return instance
        case .failure(let failure):
            let result = failure.result
            let message = SecretMask.scrub(
                result.errorMessage ?? "provider '\(plugin.manifest.id)' refused the config (\(result.status.name))", secrets: secrets)
            throw IntegrationError(.configRefused, message, field: result.errorFieldName.map { "config." + $0 }, status: result.status)
        }
    }

    /// Runs the provider's `test` op and records the outcome on the integration.
    private func runTest(_ record: IntegrationRecord, instance: PluginInstance, secrets: [String]) async throws -> ConnectionTestResult {
        let result = try await probe(instance, secrets: secrets).result
        try await self.record(result, of: record)
        return result
    }

    /// Runs the provider's `test` op; its message is cleaned of any secret it repeats, and the seed's words stand for a
    /// success (the provider's own go in `detail`).
    private func probe(_ instance: PluginInstance, secrets: [String]) async throws -> (result: ConnectionTestResult, status: ProviderStatus) {
        let started = ContinuousClock.now
        let answer: PluginCallResult
        do {
            answer = try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: Self.testTimeoutMs)
        } catch {
            throw IntegrationError(.providerUnavailable, error.message)
        }
        let latencyMs = Int(started.duration(to: .now).milliseconds)
        guard answer.status == .ok else {
            let message = SecretMask.scrub(answer.errorMessage ?? "the connection test failed (\(answer.status.name))", secrets: secrets)
            return (
                ConnectionTestResult(success: false, message: message, latency_ms: latencyMs, error_code: answer.status.errorCode.rawValue),
                answer.status
            )
        }
        let output = try? JSONDecoder().decode([String: JSONValue].self, from: answer.output)
        let tables = output?["tables_found"]?.arrayValue?.compactMap(\.stringValue)
        let result = ConnectionTestResult(
            success: true, message: ConnectionTestResult.successful, latency_ms: latencyMs, error_code: nil,
            detail: output?["message"]?.stringValue.map { SecretMask.scrub($0, secrets: secrets) }, tables_found: tables
        )
        return (result, .ok)
    }

    /// Records a test's outcome on the integration: `connected`, or `error` with its message.
    private func record(_ result: ConnectionTestResult, of record: IntegrationRecord) async throws {
        try await store.recordTest(
            clientID: record.clientID, id: record.id, status: result.success ? IntegrationStatus.connected : IntegrationStatus.error,
            error: result.success ? nil : result.message, at: clock.now
        )
        logger.info(
            "connection tested",
            metadata: [
                "client.id": "\(record.clientID)", "integration.id": "\(record.id)", "test.success": "\(result.success)",
                "test.latency_ms": "\(result.latency_ms)",
            ]
        )
    }
}
