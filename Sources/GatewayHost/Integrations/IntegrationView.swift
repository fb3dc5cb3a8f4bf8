import Foundation

/// An integration as the API shows it: secrets masked, never in the clear.
struct IntegrationView: Encodable, Sendable {
    let id: String
    let client_id: String
    let type: String
    let provider: String
    let name: String
    let status: String
    let enabled: Bool
    let config: [String: JSONValue]
    let last_tested_at: String?
    let last_error: String?
    let send_rate_per_minute: Int?
    let created_at: String
    let updated_at: String
    /// `primary`, or `fallback`; a primary's fallbacks in failover order.
    let role: String
    let fallback_integration_ids: [String]

    /// `record` with every sealed field shown masked (opened only to take its last characters; `****` when it cannot
    /// be opened).
    init(_ record: IntegrationRecord, vault: Vault) {
        let stored = (try? record.configFields()) ?? [:]
        let opened = (try? vault.openSecrets(of: record)) ?? [:]
        let sealed = Set(record.secretFields)
        config = stored.reduce(into: [:]) { masked, field in
            masked[field.key] = sealed.contains(field.key) ? SecretMask.mask(opened[field.key] ?? .null) : field.value
        }
        id = record.id
        client_id = record.clientID
        type = Self.seedType(of: record)
        provider = record.provider
        name = record.name
        status = record.status
        enabled = record.enabled
        last_tested_at = record.lastTestedAt.map(Self.timestamp)
        last_error = record.lastError
        send_rate_per_minute = record.sendRatePerMinute
        created_at = Self.timestamp(record.createdAt)
        updated_at = Self.timestamp(record.updatedAt)
        role = record.role.rawValue
        fallback_integration_ids = record.fallbackIDs
    }

    /// The type as the seed names it: an email integration by its provider (`email_smtp`, `email_sendgrid`).
    static func seedType(of record: IntegrationRecord) -> String {
        record.type == .email ? "email_\(record.provider)" : record.type.rawValue
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// `{success, integration}`, plus the connection test when configure ran one.
struct IntegrationResponse: Encodable, Sendable {
    var success = true
    let integration: IntegrationView
    let test: ConnectionTestResult?
}

/// `{success, integrations}`.
struct IntegrationList: Encodable, Sendable {
    var success = true
    let integrations: [IntegrationView]
}

/// `{success, id}` after a delete.
struct Deleted: Encodable, Sendable {
    var success = true
    let id: String
}
