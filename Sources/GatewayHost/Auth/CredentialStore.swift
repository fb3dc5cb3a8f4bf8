package import Foundation

/// The credentials a caller presents: API keys (stored hashed) and refresh tokens (spent once, revoked by family).
package protocol CredentialStore: Sendable {
    func createAPIKey(_ key: APIKeyRecord, actor: String) async throws
    /// Looks a key up by id before its client is known (authentication).
    func apiKey(id: String) async throws -> APIKeyRecord?
    func apiKeys(clientID: String) async throws -> [APIKeyRecord]
    /// False when the client has no live key with that id.
    func revokeAPIKey(clientID: String, id: String, at: Date, actor: String) async throws -> Bool

    func saveRefreshToken(_ token: RefreshTokenRecord) async throws
    /// Operator work: the caller is known only by the token.
    func spendRefreshToken(id: String, at now: Date, holds: @escaping @Sendable (RefreshTokenRecord) -> Bool) async throws -> RefreshTokenUse
    func refreshToken(id: String) async throws -> RefreshTokenRecord?
    func revokeRefreshFamily(clientID: String, familyID: String, at now: Date) async throws
}
