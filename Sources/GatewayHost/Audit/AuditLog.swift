/// The audit trail. Changes elsewhere write their entry in their own transaction; this appends the entries of actions
/// that change nothing stored (a query on the client's own database).
package protocol AuditLog: Sendable {
    func appendAudit(_ entry: AuditEntry) async throws
    /// The client's audit trail, newest first.
    func auditLog(clientID: String, limit: Int) async throws -> [AuditEntry]
}
