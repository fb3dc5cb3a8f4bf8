package import Foundation

/// Clients (tenants): created audited, listed by operators.
extension SQLStore: ClientStore {
    package func createClient(_ client: ClientRecord, actor: String) async throws {
        try await database.transaction(.client(client.id)) { connection in
            try connection.query(
                "INSERT INTO clients (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)", .text(client.id), .text(client.name),
                .date(client.createdAt)
            )
            try Self.audit(AuditEntry(clientID: client.id, actor: actor, action: "client.create", target: client.id), on: connection)
        }
    }

    package func client(id: String) async throws -> ClientRecord? {
        try await database.transaction(.client(id)) { connection in
            try connection.query("SELECT id, name, created_at FROM clients WHERE id = $1", .text(id)).first.map(Self.client)
        }
    }

    package func clients() async throws -> [ClientRecord] {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT id, name, created_at FROM clients ORDER BY id").map(Self.client)
        }
    }

    private static func client(_ row: SQLRow) throws -> ClientRecord {
        ClientRecord(id: try row.string("id"), name: try row.string("name"), createdAt: try row.date("created_at"))
    }
}
