package import Foundation

/// Message templates, each client's own, named by the client (`follow_up_1`).
extension SQLStore: TemplateStore {
    package func saveTemplate(_ template: MessageTemplate) async throws {
        try await database.transaction(.client(template.clientID)) { connection in
            try connection.query(
                """
                INSERT INTO message_templates (client_id, id, channel, subject, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (client_id, id) DO UPDATE SET channel = excluded.channel, subject = excluded.subject, body = excluded.body,
                    updated_at = excluded.updated_at
                """,
                .text(template.clientID), .text(template.id), .text(template.channel.rawValue), .text(template.subject), .text(template.body),
                .date(template.createdAt), .date(template.updatedAt)
            )
        }
    }

    package func template(clientID: String, id: String) async throws -> MessageTemplate? {
        try await templates(clientID: clientID, id: id).first
    }

    package func templates(clientID: String) async throws -> [MessageTemplate] {
        try await templates(clientID: clientID, id: nil)
    }

    package func templateCount(clientID: String) async throws -> Int {
        try await database.transaction(.client(clientID)) { connection in
            Int(try connection.query("SELECT COUNT(*) AS n FROM message_templates WHERE client_id = $1", .text(clientID)).first?.integer("n") ?? 0)
        }
    }

    /// False when the client has no such template.
    package func deleteTemplate(clientID: String, id: String) async throws -> Bool {
        try await database.transaction(.client(clientID)) { connection in
            !(try connection.query("DELETE FROM message_templates WHERE client_id = $1 AND id = $2 RETURNING id", .text(clientID), .text(id))).isEmpty
        }
    }

    private func templates(clientID: String, id: String?) async throws -> [MessageTemplate] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                SELECT client_id, id, channel, subject, body, created_at, updated_at FROM message_templates
                WHERE client_id = $1 AND ($2 = '' OR id = $2) ORDER BY id
                """,
                .text(clientID), .text(id ?? "")
            ).map { row in
                MessageTemplate(
                    clientID: try row.string("client_id"), id: try row.string("id"), channel: try row.value("channel", as: IntegrationType.self),
                    subject: row.optionalString("subject"),
                    body: try row.string("body"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at")
                )
            }
        }
    }
}
