package import Foundation

/// The audit trail: rows written inside the transaction of the change they record.
extension SQLStore: AuditLog {
    package func appendAudit(_ entry: AuditEntry) async throws {
        try await database.transaction(.client(entry.clientID)) { connection in try Self.audit(entry, on: connection) }
    }

    package func auditLog(clientID: String, limit: Int) async throws -> [AuditEntry] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT client_id, actor, action, target, detail, created_at FROM audit_log WHERE client_id = $1 ORDER BY id DESC LIMIT $2",
                .text(clientID), .integer(Int64(limit))
            ).map { row in
                AuditEntry(
                    clientID: try row.string("client_id"), actor: try row.string("actor"), action: try row.string("action"),
                    target: row.optionalString("target"),
                    detail: row.optionalString("detail").flatMap { try? JSONDecoder().decode([String: JSONValue].self, from: Data($0.utf8)) },
                    createdAt: try row.date("created_at")
                )
            }
        }
    }

    static func audit(_ entry: AuditEntry, on connection: any SQLConnection) throws {
        try connection.query(
            "INSERT INTO audit_log (client_id, actor, action, target, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            .text(entry.clientID), .text(entry.actor), .text(entry.action), .text(entry.target),
            .text(entry.detail.map(IntegrationRecord.configText)), .date(entry.createdAt)
        )
    }
}
