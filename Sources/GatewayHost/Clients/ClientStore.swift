/// Clients (tenants) and their limits.
package protocol ClientStore: Sendable {
    func createClient(_ client: ClientRecord, actor: String) async throws
    func client(id: String) async throws -> ClientRecord?
    /// Every client (operator work).
    func clients() async throws -> [ClientRecord]
    func clientLimits(clientID: String) async throws -> ClientLimits?
    /// False when there is no such client.
    func setClientLimits(clientID: String, _ limits: ClientLimits, actor: String) async throws -> Bool
}
