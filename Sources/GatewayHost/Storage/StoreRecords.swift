package import Foundation

/// A tenant: a business whose agents use the gateway.
package struct ClientRecord: Sendable, Equatable {
    package let id: String
    package let name: String
    package let createdAt: Date

    package init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}

/// One configured provider account of a client, at most one per type. `config` is JSON whose secret fields (listed in
/// `secretFields`, as the provider's manifest marked them when it was configured) hold vault ciphertexts, never
/// plaintext.
package struct IntegrationRecord: Sendable, Equatable {
    package var id: String
    package var clientID: String
    package var type: IntegrationType
    package var provider: String
    package var name: String
    package var status: String
    package var config: String
    /// The config fields sealed by the vault, sorted.
    package var secretFields: [String]
    package var lastTestedAt: Date?
    package var lastError: String?
    /// The most messages a minute workers send through this integration (nil: no pacing).
    package var sendRatePerMinute: Int?
    package var createdAt: Date
    package var updatedAt: Date
    /// The blind index of the token its webhook deliveries carry (`POST /webhooks/uazapi`); unique per provider.
    package var routeIndex: String?
    /// Off: sends are refused (409 `INTEGRATION_DISABLED`) and queued ones wait until it is on again.
    package var enabled: Bool
    /// The type's primary (what its routes and sends use), or a fallback a primary may name.
    package var role: IntegrationRole
    /// A primary's fallbacks, in the order sends move to them (failover).
    package var fallbackIDs: [String]

    package init(
        id: String, clientID: String, type: IntegrationType, provider: String, name: String, status: String, config: String, secretFields: [String],
        lastTestedAt: Date? = nil, lastError: String? = nil, sendRatePerMinute: Int? = nil, createdAt: Date, updatedAt: Date,
        routeIndex: String? = nil,
        enabled: Bool = true, role: IntegrationRole = .primary, fallbackIDs: [String] = []
    ) {
        self.enabled = enabled
        self.role = role
        self.fallbackIDs = fallbackIDs
        self.id = id
        self.clientID = clientID
        self.type = type
        self.provider = provider
        self.name = name
        self.status = status
        self.config = config
        self.secretFields = secretFields.sorted()
        self.lastTestedAt = lastTestedAt
        self.lastError = lastError
        self.sendRatePerMinute = sendRatePerMinute
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.routeIndex = routeIndex
    }
}

/// A machine caller's key. Only the SHA-256 of its secret part is kept.
package struct APIKeyRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package let name: String
    package let keyHash: String
    package let createdAt: Date
    package var revokedAt: Date?

    package init(id: String, clientID: String, name: String, keyHash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.clientID = clientID
        self.name = name
        self.keyHash = keyHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Who changed what, written in the same transaction as the change.
package struct AuditEntry: Sendable, Equatable {
    package let clientID: String
    /// `user:<sub>` for a token, `key:<id>` for an API key, `operator` for a command.
    package let actor: String
    package let action: String
    package let target: String?
    /// Facts about the action (a query's table, row count and duration), never a value a caller sent.
    package let detail: [String: JSONValue]?
    package let createdAt: Date

    package init(clientID: String, actor: String, action: String, target: String?, detail: [String: JSONValue]? = nil, createdAt: Date = Date()) {
        self.clientID = clientID
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.createdAt = createdAt
    }
}
