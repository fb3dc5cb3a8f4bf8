package import Foundation

/// Everything the host keeps, behind one protocol so services and controllers do not know the backend. Every
/// tenant-scoped call names its client and only ever reads or writes that client's rows; calls that span clients are
/// marked as operator work.
package protocol GatewayStore: InboundStore {
    /// Which database backs the store, for `/health` and logs.
    var backendName: String { get }
    /// Succeeds when the database answers.
    func ping() async throws

    func createClient(_ client: ClientRecord, actor: String) async throws
    func client(id: String) async throws -> ClientRecord?
    /// Every client (operator work).
    func clients() async throws -> [ClientRecord]
    func clientLimits(clientID: String) async throws -> ClientLimits?
    /// False when there is no such client.
    func setClientLimits(clientID: String, _ limits: ClientLimits, actor: String) async throws -> Bool

    /// Inserts the client's integration of `record.type`, or replaces the one it has (keeping its id and creation
    /// time); returns what is stored.
    func saveIntegration(_ record: IntegrationRecord, actor: String) async throws -> IntegrationRecord
    func integration(clientID: String, type: String) async throws -> IntegrationRecord?
    func integration(clientID: String, id: String) async throws -> IntegrationRecord?
    func integrations(clientID: String) async throws -> [IntegrationRecord]
    /// Nil when the client has no integration with that id.
    func setIntegrationEnabled(clientID: String, id: String, enabled: Bool, actor: String) async throws -> IntegrationRecord?
    /// False when the client has no integration with that id.
    func deleteIntegration(clientID: String, id: String, actor: String) async throws -> Bool
    /// Records a connection test's outcome.
    func recordTest(clientID: String, id: String, status: String, error: String?, at: Date) async throws
    /// Every client's integrations (operator work: key rotation).
    func allIntegrations() async throws -> [IntegrationRecord]
    /// Replaces an integration's stored config (and, when given, its route index) without touching anything else,
    /// unless it is no longer `expected` (it was reconfigured meanwhile); true when replaced (operator work: key
    /// rotation).
    func replaceConfig(id: String, clientID: String, config: String, routeIndex: String?, ifStill expected: String) async throws -> Bool

    func createAPIKey(_ key: APIKeyRecord, actor: String) async throws
    /// Looks a key up by id before its client is known (authentication).
    func apiKey(id: String) async throws -> APIKeyRecord?
    func saveRefreshToken(_ token: RefreshTokenRecord) async throws
    /// Operator work: the caller is known only by the token.
    func spendRefreshToken(id: String, at now: Date, holds: @escaping @Sendable (RefreshTokenRecord) -> Bool) async throws -> RefreshTokenUse
    func refreshToken(id: String) async throws -> RefreshTokenRecord?
    func revokeRefreshFamily(clientID: String, familyID: String, at now: Date) async throws
    func apiKeys(clientID: String) async throws -> [APIKeyRecord]
    /// False when the client has no live key with that id.
    func revokeAPIKey(clientID: String, id: String, at: Date, actor: String) async throws -> Bool

    /// Records an action that changes nothing else in the store (a query on the client's own database).
    func appendAudit(_ entry: AuditEntry) async throws
    /// The client's audit trail, newest first.
    func auditLog(clientID: String, limit: Int) async throws -> [AuditEntry]

    func close() async throws
}
