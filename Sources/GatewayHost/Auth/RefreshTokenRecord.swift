package import Foundation

/// A refresh token as stored: its secret only as a hash.
package struct RefreshTokenRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    /// Every token refreshed from one exchange of an API key.
    package let familyID: String
    /// The API key that was exchanged: refreshing stops when it is revoked.
    package let apiKeyID: String
    package let secretHash: String
    package let createdAt: Date
    package let expiresAt: Date
    package var revokedAt: Date?
}
