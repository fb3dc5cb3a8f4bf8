import Foundation

/// Console sign-in and sessions (decision 0050). A user signs in with a client's API key, which is exchanged as
/// `POST /api/auth/token` exchanges it: the session cookie holds the refresh token, stored only as a hash, which expires
/// after `lifetimeSeconds` and is revoked at sign-out, with its API key, or by `/api/auth/revoke`. An admin signs in with an
/// access token (`gateway token issue --role admin`), kept until it expires. Every page checks the cookie again.
struct ConsoleSessions: Sendable {
    let authenticator: Authenticator
    let exchange: TokenExchange
    let vault: Vault
    let clock: WallClock

    static let cookie = "gw_console"
    /// A console session lasts a working day; the refresh token behind it would last longer.
    static let lifetimeSeconds = 12 * 3600
    /// The most characters of a credential read from the form.
    static let maxCredential = 4_096

    /// The cookie's value for a valid credential; the same 401 as the API for anything else.
    func signIn(_ credential: String) async throws -> String {
        let identity = try await authenticator.authenticate(credential: credential)
        guard identity.actor.hasPrefix("key:") else { return credential }
        return try await exchange.exchange(identity).refresh_token
    }

    /// Who the cookie signs in, while its session lasts and is not revoked.
    func identity(_ cookie: String) async -> Identity? {
        if let credential = APIKeyCredential(cookie, prefix: APIKeyCredential.refreshPrefix) {
            let now = clock.now
            return try? await exchange.holder(of: credential, issuedAfter: now.addingTimeInterval(-Double(Self.lifetimeSeconds)), now: now)
        }
        return await authenticator.tokens.verify(cookie)
    }

    /// Ends the session: its refresh token's family is revoked (an admin's token simply expires).
    func signOut(_ cookie: String) async {
        try? await exchange.revoke(cookie)
    }

    /// The form token that proves a POST came from a page this session was shown: a keyed hash of the session, so a
    /// page of another site, which cannot read the cookie, cannot make one.
    func csrfToken(_ cookie: String) -> String {
        vault.blindIndexes(cookie, purpose: Self.csrfPurpose)[0].value
    }

    func holdsCSRF(_ token: String?, for cookie: String) -> Bool {
        guard let token, !token.isEmpty else { return false }
        return vault.blindIndexes(cookie, purpose: Self.csrfPurpose).contains { Self.equal($0.value, token) }
    }

    private static let csrfPurpose = "console csrf"

    /// Compares without stopping at the first difference.
    private static func equal(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
