package import Foundation

/// Refresh tokens: stored by id with the hash of their secret, spent once, revoked by family.
extension SQLStore {
    package func saveRefreshToken(_ token: RefreshTokenRecord) async throws {
        try await database.transaction(.client(token.clientID)) { connection in
            try connection.query(
                """
                INSERT INTO refresh_tokens (id, client_id, family_id, api_key_id, secret_hash, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                .text(token.id), .text(token.clientID), .text(token.familyID), .text(token.apiKeyID), .text(token.secretHash), .date(token.createdAt),
                .date(token.expiresAt)
            )
        }
    }

    /// Spends the token `id` at `now` when `holds` accepts it (the caller's secret matches its hash; otherwise nothing
    /// changes). Operator work: the caller is known only by the token. A token spent before revokes its whole family:
    /// someone holds a copy.
    package func spendRefreshToken(id: String, at now: Date, holds: @escaping @Sendable (RefreshTokenRecord) -> Bool) async throws -> RefreshTokenUse {
        try await database.transaction(.system) { [backend = database.backend] connection in
            let lock = backend == .postgres ? " FOR UPDATE" : ""
            guard
                let row = try connection.query(
                    "SELECT \(Self.refreshColumns), used_at, revoked_at FROM refresh_tokens WHERE id = $1\(lock)", .text(id)
                ).first
            else { return .unknown }
            let token = try Self.refreshToken(row)
            guard holds(token) else { return .unknown }
            guard row.optionalDate("revoked_at") == nil, token.expiresAt > now else { return .invalid(token) }
            guard row.optionalDate("used_at") == nil else {
                try connection.query(
                    "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL", .text(token.familyID), .date(now))
                return .reused(token)
            }
            try connection.query("UPDATE refresh_tokens SET used_at = $2 WHERE id = $1", .text(id), .date(now))
            return .spent(token)
        }
    }

    /// The token `id`, spent or not (operator work, as spending is).
    package func refreshToken(id: String) async throws -> RefreshTokenRecord? {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT \(Self.refreshColumns) FROM refresh_tokens WHERE id = $1", .text(id)).first.map(Self.refreshToken)
        }
    }

    private static let refreshColumns = "id, client_id, family_id, api_key_id, secret_hash, created_at, expires_at, revoked_at"

    private static func refreshToken(_ row: SQLRow) throws -> RefreshTokenRecord {
        RefreshTokenRecord(
            id: try row.string("id"), clientID: try row.string("client_id"), familyID: try row.string("family_id"),
            apiKeyID: try row.string("api_key_id"), secretHash: try row.string("secret_hash"), createdAt: try row.date("created_at"),
            expiresAt: try row.date("expires_at"), revokedAt: row.optionalDate("revoked_at")
        )
    }

    /// Revokes every token of the family.
    package func revokeRefreshFamily(clientID: String, familyID: String, at now: Date) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL", .text(familyID), .date(now))
        }
    }
}
