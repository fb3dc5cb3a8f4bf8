package import Foundation
import JWTKit

/// Issues and verifies HS256 bearer tokens.
package struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    package let ttlSeconds: Int

    /// `secret` must be at least 32 characters: HS256 is only as strong as its secret.
    package init(secret: String, ttlSeconds: Int) async throws(AuthSetupError) {
        guard secret.utf8.count >= 32 else { throw AuthSetupError("the JWT secret must be at least 32 characters") }
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.ttlSeconds = ttlSeconds
    }

    /// A token for `clientID` with `role`, valid for `ttlSeconds` (the configured lifetime by default).
    package func issue(subject: String, clientID: String, role: Role, ttlSeconds: Int? = nil, now: Date = Date()) async throws -> String {
        let expiry = now.addingTimeInterval(TimeInterval(ttlSeconds ?? self.ttlSeconds))
        return try await keys.sign(
            TokenClaims(sub: SubjectClaim(value: subject), client_id: clientID, role: role, exp: ExpirationClaim(value: expiry)))
    }

    /// The identity in a valid, unexpired token; nil for anything else.
    func verify(_ token: String) async -> Identity? {
        guard let claims = try? await keys.verify(token, as: TokenClaims.self), !claims.client_id.isEmpty else { return nil }
        return Identity(clientID: claims.client_id, role: claims.role, actor: "user:\(claims.sub.value)")
    }
}

/// Why authentication cannot be set up.
public struct AuthSetupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
