import Foundation
import HTTPTypes
import Hummingbird

/// Turns a request's `Authorization: Bearer ...` into an identity: a JWT, or an API key (`gwk_...`) looked up in the
/// store. Every failure is the same 401, so a caller cannot probe which part was wrong.
package struct Authenticator: Sendable {
    let tokens: TokenAuthority
    let credentials: any CredentialStore
    let clients: any ClientStore

    package init(tokens: TokenAuthority, credentials: any CredentialStore, clients: any ClientStore) {
        self.tokens = tokens
        self.credentials = credentials
        self.clients = clients
    }

    func authenticate(_ request: Request) async throws -> Identity {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Self.unauthorized
        }
        return try await authenticate(credential: String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
    }

    /// The identity an API key or a token stands for (the console's sign-in form takes either).
    func authenticate(credential: String) async throws -> Identity {
        if let key = APIKeyCredential(credential) {
            guard let stored = try await credentials.apiKey(id: key.id), stored.revokedAt == nil, key.matches(storedHash: stored.keyHash) else {
                throw Self.unauthorized
            }
            return Identity(clientID: stored.clientID, role: .client, actor: "key:\(stored.id)")
        }
        guard let identity = await tokens.verify(credential) else { throw Self.unauthorized }
        return identity
    }

    /// The client a request acts for: a client's own; for an admin, `?client_id=` or its own. A client naming another
    /// client, or an admin naming one that does not exist, gets 404: whether another client exists is not revealed.
    func actingClient(_ identity: Identity, requested: String?) async throws -> String {
        let clientID = identity.role == .admin ? (requested ?? identity.clientID) : identity.clientID
        guard requested == nil || requested == clientID, try await clients.client(id: clientID) != nil else {
            throw GatewayError(.notFound, .notFound, "no such client")
        }
        return clientID
    }

    static let unauthorized = GatewayError(
        .unauthorized, .unauthorized, "missing or invalid credentials: send Authorization: Bearer <token or API key>")
}
