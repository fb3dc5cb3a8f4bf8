import Foundation
public import Logging

/// `gateway token issue`: a token for a client, creating the client first if it is new (that is how an operator
/// bootstraps the first admin).
public enum TokenIssuing {
    public static func issue(
        _ configuration: GatewayConfiguration, clientID: String, role: Role, ttlSeconds: Int?, subject: String, logger: Logger
    ) async throws -> String {
        guard ClientID.isValid(clientID) else { throw AuthSetupError("--client must be 1-64 lower-case letters, digits, '-' or '_'") }
        return try await GatewayCore.using(configuration, logger: logger) { core in
            if try await core.stores.clients.client(id: clientID) == nil {
                try await core.stores.clients.createClient(ClientRecord(id: clientID, name: clientID, createdAt: Date()), actor: "operator")
                logger.notice("client created", metadata: ["client.id": "\(clientID)"])
            }
            return try await core.tokens.issue(subject: subject, clientID: clientID, role: role, ttlSeconds: ttlSeconds)
        }
    }
}

extension TokenIssuing {
    /// A short-lived admin token for an operator command talking to the running server (`gateway plugins reset`).
    /// It needs only the signing secret, not the store.
    public static func operatorToken(_ configuration: GatewayConfiguration, logger: Logger, ttlSeconds: Int = 60) async throws -> String {
        let tokens = try await TokenAuthority(secret: try SigningSecret.load(configuration, logger: logger), ttlSeconds: ttlSeconds)
        return try await tokens.issue(subject: "operator", clientID: "operator", role: .admin)
    }
}
