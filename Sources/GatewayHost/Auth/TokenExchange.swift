import Foundation

/// `POST /api/auth/token`, `/refresh` and `/revoke`: an API key is exchanged for an access token (a JWT that lasts
/// `GATEWAY_TOKEN_TTL`, 30 minutes) and a refresh token (30 days, spent once: each refresh answers a new pair).
/// Reusing a spent refresh token revokes its whole family (a copy leaked); so does revoking the API key, at the next
/// refresh. Refresh tokens are stored as hashes, per client.
struct TokenExchange: Sendable {
    let tokens: TokenAuthority
    let store: any CredentialStore

    static let refreshLifetime: TimeInterval = 30 * 86_400
    static let invalid = AuthError(code: .unauthorized, message: "the refresh token is not valid: exchange an API key again")

    /// The OAuth 2.0 token response.
    struct Pair: Encodable {
        let access_token: String
        var token_type = "Bearer"
        let expires_in: Int
        let refresh_token: String
    }

    /// A new family for the API key the caller authenticated with.
    func exchange(_ identity: Identity) async throws -> Pair {
        guard identity.actor.hasPrefix("key:") else {
            throw AuthError(code: .forbidden, message: "only an API key is exchanged for tokens: send Authorization: Bearer gwk_...")
        }
        return try await pair(clientID: identity.clientID, apiKeyID: String(identity.actor.dropFirst("key:".count)), family: UUID().uuidString)
    }

    func refresh(_ text: String) async throws -> Pair {
        guard let credential = APIKeyCredential(text, prefix: APIKeyCredential.refreshPrefix) else { throw Self.invalid }
        let now = Date()
        guard
            case .spent(let token) = try await store.spendRefreshToken(
                id: credential.id, at: now, holds: { credential.matches(storedHash: $0.secretHash) })
        else { throw Self.invalid }
        guard let key = try await store.apiKey(id: token.apiKeyID), key.revokedAt == nil else {
            try await store.revokeRefreshFamily(clientID: token.clientID, familyID: token.familyID, at: now)
            throw Self.invalid
        }
        return try await pair(clientID: token.clientID, apiKeyID: token.apiKeyID, family: token.familyID)
    }

    /// Revokes the token's family; says nothing of whether there was one (RFC 7009).
    func revoke(_ text: String) async throws {
        guard let credential = APIKeyCredential(text, prefix: APIKeyCredential.refreshPrefix),
            let token = try await store.refreshToken(id: credential.id), credential.matches(storedHash: token.secretHash)
        else { return }
        try await store.revokeRefreshFamily(clientID: token.clientID, familyID: token.familyID, at: Date())
    }

    /// The client a refresh token still speaks for, without spending it (a console session): nil when it is unknown,
    /// revoked, expired, issued before `issuedAfter`, or its API key has been revoked.
    func holder(of credential: APIKeyCredential, issuedAfter: Date, now: Date) async throws -> Identity? {
        guard let token = try await store.refreshToken(id: credential.id), credential.matches(storedHash: token.secretHash),
            token.revokedAt == nil, token.expiresAt > now, token.createdAt >= issuedAfter,
            let key = try await store.apiKey(id: token.apiKeyID), key.revokedAt == nil
        else { return nil }
        return Identity(clientID: token.clientID, role: .client, actor: "key:\(token.apiKeyID)")
    }

    private func pair(clientID: String, apiKeyID: String, family: String) async throws -> Pair {
        let now = Date()
        let access = try await tokens.issue(subject: "key:\(apiKeyID)", clientID: clientID, role: .client, now: now)
        let credential = APIKeyCredential.generate(prefix: APIKeyCredential.refreshPrefix)
        try await store.saveRefreshToken(
            RefreshTokenRecord(
                id: credential.id, clientID: clientID, familyID: family, apiKeyID: apiKeyID, secretHash: credential.hash, createdAt: now,
                expiresAt: now.addingTimeInterval(Self.refreshLifetime)
            ))
        return Pair(access_token: access, expires_in: tokens.ttlSeconds, refresh_token: credential.text)
    }
}
