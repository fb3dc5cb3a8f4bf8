/// What spending a refresh token found.
package enum RefreshTokenUse: Sendable, Equatable {
    case unknown
    /// Expired or revoked.
    case invalid(RefreshTokenRecord)
    /// Spent before: its family is now revoked.
    case reused(RefreshTokenRecord)
    case spent(RefreshTokenRecord)
}
