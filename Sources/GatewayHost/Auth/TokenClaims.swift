import Foundation
import JWTKit

/// The bearer token's claims: `sub`, `client_id`, `role` and `exp`.
struct TokenClaims: JWTPayload {
    let sub: SubjectClaim
    let client_id: String
    let role: Role
    let exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
