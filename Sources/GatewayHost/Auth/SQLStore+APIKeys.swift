package import Foundation

/// API keys: stored hashed, created and revoked audited, looked up by id before the client is known.
extension SQLStore: CredentialStore {
    private static let apiKeyColumns = "id, client_id, name, key_hash, created_at, revoked_at"

    package func createAPIKey(_ key: APIKeyRecord, actor: String) async throws {
        try await database.transaction(.client(key.clientID)) { connection in
            try connection.query(
                "INSERT INTO api_keys (\(Self.apiKeyColumns)) VALUES ($1, $2, $3, $4, $5, $6)",
                .text(key.id), .text(key.clientID), .text(key.name), .text(key.keyHash), .date(key.createdAt), .date(key.revokedAt)
            )
            try Self.audit(AuditEntry(clientID: key.clientID, actor: actor, action: "api_key.create", target: key.id), on: connection)
        }
    }

    package func apiKey(id: String) async throws -> APIKeyRecord? {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT \(Self.apiKeyColumns) FROM api_keys WHERE id = $1", .text(id)).first.map(Self.apiKey)
        }
    }

    package func apiKeys(clientID: String) async throws -> [APIKeyRecord] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("SELECT \(Self.apiKeyColumns) FROM api_keys WHERE client_id = $1 ORDER BY created_at, id", .text(clientID))
                .map(Self.apiKey)
        }
    }

    package func revokeAPIKey(clientID: String, id: String, at: Date, actor: String) async throws -> Bool {
        try await database.transaction(.client(clientID)) { connection in
            let revoked = try connection.query(
                "UPDATE api_keys SET revoked_at = $3 WHERE client_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id", .text(clientID),
                .text(id), .date(at)
            )
            guard !revoked.isEmpty else { return false }
            try Self.audit(AuditEntry(clientID: clientID, actor: actor, action: "api_key.revoke", target: id), on: connection)
            return true
        }
    }

    private static func apiKey(_ row: SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.string("id"), clientID: try row.string("client_id"), name: try row.string("name"), keyHash: try row.string("key_hash"),
            createdAt: try row.date("created_at"), revokedAt: row.optionalDate("revoked_at")
        )
    }
}
