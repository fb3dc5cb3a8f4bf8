import Crypto
import Foundation

/// A client's agent endpoint: its URL and signing secrets live in an integration of type `agent` (the secrets sealed
/// like any credential), its debounce and content settings beside it. A secret is generated on first use and shown
/// once; rotating one keeps the old secret signing too for an overlap, so the agent can switch without losing turns.
/// A trigger's http tool signs with secrets of its own (`tool_signing_secrets`): a third party that receives a tool
/// call holds nothing the agent would take as a turn.
final class AgentService: Sendable {
    let integrations: IntegrationService
    let settingsStore: any AgentSettingsStore
    /// Read on every inbound delivery, changed rarely: another process's change applies within two seconds, this one's
    /// at once.
    private let cachedSettings = ExpiringCache<String, TurnSettings?>(ttl: .seconds(2))

    init(integrations: IntegrationService, settings: any AgentSettingsStore) {
        self.integrations = integrations
        self.settingsStore = settings
    }

    /// `PUT /api/agent`.
    struct Request: Codable, Sendable {
        let url: String
        let debounce_ms: Int?
        let max_wait_ms: Int?
        let max_messages: Int?
        let store_content: Bool?
        let content_retention_days: Int?
        /// Generate a new signing secret; the current one keeps signing for `rotation_overlap_hours` (default 24).
        let rotate_secret: Bool?
        /// The same for the http tool's secret.
        let rotate_tool_secret: Bool?
        let rotation_overlap_hours: Int?
    }

    /// The agent as the API shows it; `signing_secret` only in the answer that generated it.
    struct View: Encodable, Sendable {
        struct Secret: Encodable, Sendable {
            let until: String?
        }

        let url: String
        let debounce_ms: Int
        let max_wait_ms: Int
        let max_messages: Int
        let store_content: Bool
        let content_retention_days: Int
        let signing_secrets: [Secret]
        let signing_secret: String?
        let tool_signing_secrets: [Secret]
        let tool_signing_secret: String?
    }

    private static let secretsField = "signing_secrets"
    private static let toolSecretsField = "tool_signing_secrets"

    func configure(clientID: String, _ request: Request, actor: String) async throws -> View {
        guard TextRules.isWebURL(request.url) else { throw Self.invalid("url must be an http(s) URL", field: "url") }
        let settings = try Self.settings(request)
        let now = Date()
        let overlap = try Self.checked(request.rotation_overlap_hours, 0...720, field: "rotation_overlap_hours") ?? 24
        let stored = try await storedSecrets(clientID: clientID)
        let signing = Self.rotated(stored[Self.secretsField] ?? [], rotate: request.rotate_secret == true, overlapHours: overlap, now: now)
        let tool = Self.rotated(stored[Self.toolSecretsField] ?? [], rotate: request.rotate_tool_secret == true, overlapHours: overlap, now: now)
        let config: [String: JSONValue] = [
            "url": .string(request.url), Self.secretsField: .array(signing.secrets.map(JSONValue.object)),
            Self.toolSecretsField: .array(tool.secrets.map(JSONValue.object)),
        ]
        let configure = ConfigureRequest(provider: nil, name: "Agent endpoint", config: config, test: false, send_rate_per_minute: nil)
        _ = try await integrations.configure(clientID: clientID, type: .agent, request: configure, actor: actor)
        try await settingsStore.saveAgentSettings(clientID: clientID, settings, at: now)
        cachedSettings.forget(clientID)
        return Self.view(url: request.url, settings: settings, signing: signing, tool: tool)
    }

    /// A secret list after a request: the secrets not yet past their `until`, and a new one when there is none or
    /// `rotate` asks (the others then sign `overlapHours` more); the new secret is in `generated`, shown once.
    private static func rotated(_ stored: [[String: JSONValue]], rotate: Bool, overlapHours: Int, now: Date) -> Secrets {
        var secrets = stored.filter { $0["until"]?.intValue.map { Double($0) / 1000 > now.timeIntervalSince1970 } ?? true }
        guard secrets.isEmpty || rotate else { return Secrets(secrets: secrets, generated: nil) }
        let until = now.addingTimeInterval(Double(overlapHours) * 3_600).millisecondsSince1970
        secrets = secrets.map { secret in
            var kept = secret
            if kept["until"] == nil { kept["until"] = .integer(until) }
            return kept
        }
        let secret = newSecret()
        secrets.append(["secret": .string(secret)])
        return Secrets(secrets: secrets, generated: secret)
    }

    private struct Secrets {
        let secrets: [[String: JSONValue]]
        let generated: String?
    }

    /// The client's turn settings, nil without an agent: what each inbound delivery reads.
    func settings(clientID: String) async throws -> TurnSettings? {
        try await cachedSettings.value(for: clientID) { try await settingsStore.agentSettings(clientID: clientID) }
    }

    func agent(clientID: String) async throws -> View {
        let record = try await integrations.integration(clientID: clientID, type: .agent)
        guard let settings = try await settingsStore.agentSettings(clientID: clientID) else { throw IntegrationError(.notFound, "no agent is configured") }
        let url = (try? record.configFields())?["url"]?.stringValue ?? ""
        let stored = try await storedSecrets(clientID: clientID)
        return Self.view(
            url: url, settings: settings, signing: Secrets(secrets: stored[Self.secretsField] ?? [], generated: nil),
            tool: Secrets(secrets: stored[Self.toolSecretsField] ?? [], generated: nil))
    }

    /// Stops handing turns to the client's agent: its settings, open turns and endpoint go (turns already queued are
    /// still delivered or fail as dead letters).
    func remove(clientID: String, actor: String) async throws {
        let hadSettings = try await settingsStore.deleteAgentSettings(clientID: clientID)
        cachedSettings.forget(clientID)
        let record = try await integrations.store.integration(clientID: clientID, type: .agent)
        if let record { try await integrations.delete(clientID: clientID, id: record.id, actor: actor) }
        guard hadSettings || record != nil else { throw IntegrationError(.notFound, "no agent is configured") }
    }

    /// The stored secret lists, by config field.
    private func storedSecrets(clientID: String) async throws -> [String: [[String: JSONValue]]] {
        guard let record = try await integrations.store.integration(clientID: clientID, type: .agent) else { return [:] }
        let config = try integrations.vault.openSecrets(of: record)
        return [Self.secretsField, Self.toolSecretsField].reduce(into: [:]) { lists, field in
            lists[field] = config[field]?.arrayValue?.compactMap(\.objectValue) ?? []
        }
    }

    private static func view(url: String, settings: TurnSettings, signing: Secrets, tool: Secrets) -> View {
        func shown(_ secrets: Secrets) -> [View.Secret] {
            secrets.secrets.map { View.Secret(until: $0["until"]?.intValue.map { Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) }) }
        }
        return View(
            url: url, debounce_ms: settings.debounceMs, max_wait_ms: settings.maxWaitMs, max_messages: settings.maxMessages,
            store_content: settings.storeContent, content_retention_days: settings.contentRetentionDays,
            signing_secrets: shown(signing), signing_secret: signing.generated, tool_signing_secrets: shown(tool), tool_signing_secret: tool.generated)
    }

    private static func settings(_ request: Request) throws -> TurnSettings {
        var settings = TurnSettings.default
        settings.debounceMs = try checked(request.debounce_ms, 0...60_000, field: "debounce_ms") ?? settings.debounceMs
        settings.maxWaitMs = try checked(request.max_wait_ms, 0...300_000, field: "max_wait_ms") ?? settings.maxWaitMs
        guard settings.maxWaitMs >= settings.debounceMs else { throw invalid("max_wait_ms must be at least debounce_ms", field: "max_wait_ms") }
        settings.maxMessages = try checked(request.max_messages, 1...100, field: "max_messages") ?? settings.maxMessages
        settings.contentRetentionDays =
            try checked(request.content_retention_days, 1...3_650, field: "content_retention_days") ?? settings.contentRetentionDays
        settings.storeContent = request.store_content ?? false
        return settings
    }

    /// `value` when it is within `range` (nil when absent).
    private static func checked(_ value: Int?, _ range: ClosedRange<Int>, field: String) throws -> Int? {
        guard let value else { return nil }
        guard range.contains(value) else { throw invalid("\(field) must be \(range.lowerBound) to \(range.upperBound)", field: field) }
        return value
    }

    /// `whsec_` and base64 of 32 random bytes, as the Standard Webhooks specification writes secrets.
    private static func newSecret() -> String {
        "whsec_" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    private static func invalid(_ message: String, field: String) -> IntegrationError {
        IntegrationError(.invalid, message, field: field)
    }
}
