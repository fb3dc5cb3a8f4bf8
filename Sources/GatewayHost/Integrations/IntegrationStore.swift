package import Foundation

/// Each client's integrations, with their sealed configs: per type one primary and the fallbacks it names.
package protocol IntegrationStore: Sendable {
    /// Inserts the client's primary of `record.type` or replaces the one it has (keeping its id, creation time,
    /// switch and fallbacks); a fallback is inserted or replaced by id, and a new one joins the end of its primary's
    /// fallbacks. Returns what is stored.
    func saveIntegration(_ record: IntegrationRecord, actor: String) async throws -> IntegrationRecord
    /// The client's primary of `type`.
    func integration(clientID: String, type: IntegrationType) async throws -> IntegrationRecord?
    func integration(clientID: String, id: String) async throws -> IntegrationRecord?
    func integrations(clientID: String) async throws -> [IntegrationRecord]
    /// Nil when the client has no integration with that id.
    func setIntegrationEnabled(clientID: String, id: String, enabled: Bool, actor: String) async throws -> IntegrationRecord?
    /// Replaces a primary's fallbacks (the caller has checked them); nil when the client has no integration with that id.
    func setFallbacks(clientID: String, id: String, fallbackIDs: [String], actor: String) async throws -> IntegrationRecord?
    /// False when the client has no integration with that id. A deleted fallback leaves its primary's list.
    func deleteIntegration(clientID: String, id: String, actor: String) async throws -> Bool
    /// Records a connection test's outcome.
    func recordTest(clientID: String, id: String, status: String, error: String?, at: Date) async throws
    /// Every client's integrations (operator work: key rotation).
    func allIntegrations() async throws -> [IntegrationRecord]
    /// Replaces an integration's stored config (and, when given, its route index) without touching anything else,
    /// unless it is no longer `expected` (it was reconfigured meanwhile); true when replaced (operator work: key
    /// rotation).
    func replaceConfig(id: String, clientID: String, config: String, routeIndex: String?, ifStill expected: String) async throws -> Bool
}
