import Foundation

/// Each client's limits, a JSON column of its row.
extension SQLStore {
    package func clientLimits(clientID: String) async throws -> ClientLimits? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("SELECT limits FROM clients WHERE id = $1", .text(clientID)).first.map { row in
                (try? JSONDecoder().decode(ClientLimits.self, from: Data(try row.string("limits").utf8))) ?? ClientLimits()
            }
        }
    }

    /// False when there is no such client.
    package func setClientLimits(clientID: String, _ limits: ClientLimits, actor: String) async throws -> Bool {
        let text = String(decoding: try JSONEncoder().encode(limits), as: UTF8.self)
        return try await database.transaction(.client(clientID)) { connection in
            let updated = try connection.query(
                "UPDATE clients SET limits = $1, updated_at = $2 WHERE id = $3 RETURNING id", .text(text), .date(Date()), .text(clientID))
            guard !updated.isEmpty else { return false }
            try Self.audit(
                AuditEntry(
                    clientID: clientID, actor: actor, action: "client.limits", target: clientID,
                    detail: [
                        "webhooks_per_minute": limits.webhooks_per_minute.map { .integer(Int64($0)) } ?? .null,
                        "api_per_minute": limits.api_per_minute.map { .integer(Int64($0)) } ?? .null,
                        "sends_per_minute": limits.sends_per_minute.map { .integer(Int64($0)) } ?? .null,
                    ]), on: connection)
            return true
        }
    }
}
