package import Foundation

/// Each client's integrations, a primary per type and its fallbacks: saved, switched, tested and deleted audited.
extension SQLStore: IntegrationStore {
    /// What a save writes; `enabled` and `fallback_ids` are changed only by their own calls (a reconfigure keeps them).
    static let savedIntegrationColumns =
        "id, client_id, type, provider, name, status, config, last_tested_at, last_error, send_rate_per_minute, created_at, updated_at, secret_fields, route_index, role"
    static let integrationColumns = savedIntegrationColumns + ", enabled, fallback_ids"

    package func saveIntegration(_ record: IntegrationRecord, actor: String) async throws -> IntegrationRecord {
        try await database.transaction(.client(record.clientID)) { connection in
            // A primary replaces the type's primary; a fallback replaces itself (by id) and joins the primary's list.
            let conflict = record.role == .primary ? "(client_id, type) WHERE role = 'primary'" : "(id)"
            let rows = try connection.query(
                """
                INSERT INTO integrations (\(Self.savedIntegrationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                ON CONFLICT \(conflict) DO UPDATE SET provider = excluded.provider, name = excluded.name, status = excluded.status,
                    config = excluded.config, last_tested_at = excluded.last_tested_at, last_error = excluded.last_error,
                    send_rate_per_minute = excluded.send_rate_per_minute, updated_at = excluded.updated_at, secret_fields = excluded.secret_fields,
                    route_index = excluded.route_index
                WHERE integrations.client_id = excluded.client_id AND integrations.type = excluded.type AND integrations.role = excluded.role
                RETURNING \(Self.integrationColumns)
                """,
                .text(record.id), .text(record.clientID), .text(record.type.rawValue), .text(record.provider), .text(record.name), .text(record.status),
                .text(record.config), .date(record.lastTestedAt), .text(record.lastError),
                record.sendRatePerMinute.map { .integer(Int64($0)) } ?? .null,
                .date(record.createdAt), .date(record.updatedAt), .text(IntegrationRecord.listText(record.secretFields)),
                .text(record.routeIndex), .text(record.role.rawValue)
            )
            guard let row = rows.first else { throw StoreError(.conflict, "another integration holds that id") }
            let saved = try Self.integration(row)
            if saved.role == .fallback, let primary = try Self.primary(of: saved, on: connection), !primary.fallbackIDs.contains(saved.id) {
                try Self.writeFallbacks(primary.fallbackIDs + [saved.id], of: primary, on: connection)
            }
            try Self.audit(AuditEntry(clientID: record.clientID, actor: actor, action: "integration.configure", target: saved.id), on: connection)
            return saved
        }
    }

    package func setFallbacks(clientID: String, id: String, fallbackIDs: [String], actor: String) async throws -> IntegrationRecord? {
        try await database.transaction(.client(clientID)) { connection in
            guard let primary = try Self.integration(clientID: clientID, id: id, on: connection) else { return nil }
            try Self.writeFallbacks(fallbackIDs, of: primary, on: connection)
            try Self.audit(AuditEntry(clientID: clientID, actor: actor, action: "integration.fallbacks", target: id), on: connection)
            return try Self.integration(clientID: clientID, id: id, on: connection)
        }
    }

    private static func primary(of fallback: IntegrationRecord, on connection: any SQLConnection) throws -> IntegrationRecord? {
        try connection.query(
            "SELECT \(integrationColumns) FROM integrations WHERE client_id = $1 AND type = $2 AND role = 'primary'", .text(fallback.clientID),
            .text(fallback.type.rawValue)
        ).first.map(integration)
    }

    private static func integration(clientID: String, id: String, on connection: any SQLConnection) throws -> IntegrationRecord? {
        try connection.query("SELECT \(integrationColumns) FROM integrations WHERE client_id = $1 AND id = $2", .text(clientID), .text(id))
            .first.map(integration)
    }

    private static func writeFallbacks(_ ids: [String], of primary: IntegrationRecord, on connection: any SQLConnection) throws {
        try connection.query(
            "UPDATE integrations SET fallback_ids = $3 WHERE client_id = $1 AND id = $2", .text(primary.clientID), .text(primary.id),
            .text(IntegrationRecord.listText(ids)))
    }

    package func integration(clientID: String, type: IntegrationType) async throws -> IntegrationRecord? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT \(Self.integrationColumns) FROM integrations WHERE client_id = $1 AND type = $2 AND role = 'primary'", .text(clientID),
                .text(type.rawValue)
            ).first.map(Self.integration)
        }
    }

    package func integration(clientID: String, id: String) async throws -> IntegrationRecord? {
        try await database.transaction(.client(clientID)) { connection in try Self.integration(clientID: clientID, id: id, on: connection) }
    }

    package func integrations(clientID: String) async throws -> [IntegrationRecord] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT \(Self.integrationColumns) FROM integrations WHERE client_id = $1 ORDER BY type, role DESC, created_at", .text(clientID))
                .map(Self.integration)
        }
    }

    package func deleteIntegration(clientID: String, id: String, actor: String) async throws -> Bool {
        try await database.transaction(.client(clientID)) { connection in
            let deleted = try connection.query(
                "DELETE FROM integrations WHERE client_id = $1 AND id = $2 RETURNING \(Self.integrationColumns)", .text(clientID), .text(id)
            ).first.map(Self.integration)
            guard let deleted else { return false }
            if deleted.role == .fallback, let primary = try Self.primary(of: deleted, on: connection) {
                try Self.writeFallbacks(primary.fallbackIDs.filter { $0 != id }, of: primary, on: connection)
            }
            try Self.audit(AuditEntry(clientID: clientID, actor: actor, action: "integration.delete", target: id), on: connection)
            return true
        }
    }

    package func recordTest(clientID: String, id: String, status: String, error: String?, at: Date) async throws {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "UPDATE integrations SET status = $3, last_error = $4, last_tested_at = $5 WHERE client_id = $1 AND id = $2",
                .text(clientID), .text(id), .text(status), .text(error), .date(at)
            )
        }
    }

    /// Switches the client's integration on or off (audited); nil when it has no such integration.
    package func setIntegrationEnabled(clientID: String, id: String, enabled: Bool, actor: String) async throws -> IntegrationRecord? {
        try await database.transaction(.client(clientID)) { connection in
            guard
                let record = try connection.query(
                    "UPDATE integrations SET enabled = $3 WHERE client_id = $1 AND id = $2 RETURNING \(Self.integrationColumns)", .text(clientID),
                    .text(id), .integer(enabled ? 1 : 0)
                ).first.map(Self.integration)
            else { return nil }
            try Self.audit(
                AuditEntry(clientID: clientID, actor: actor, action: enabled ? "integration.enable" : "integration.disable", target: id),
                on: connection)
            return record
        }
    }

    package func allIntegrations() async throws -> [IntegrationRecord] {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT \(Self.integrationColumns) FROM integrations ORDER BY client_id, type").map(Self.integration)
        }
    }

    package func replaceConfig(id: String, clientID: String, config: String, routeIndex: String?, ifStill expected: String) async throws -> Bool {
        try await database.transaction(.system) { connection in
            !(try connection.query(
                "UPDATE integrations SET config = $3, route_index = coalesce($5, route_index) WHERE client_id = $1 AND id = $2 AND config = $4 RETURNING id",
                .text(clientID), .text(id), .text(config), .text(expected), .text(routeIndex)
            )).isEmpty
        }
    }

    static func integration(_ row: SQLRow) throws -> IntegrationRecord {
        IntegrationRecord(
            id: try row.string("id"), clientID: try row.string("client_id"), type: try row.value("type", as: IntegrationType.self), provider: try row.string("provider"),
            name: try row.string("name"), status: try row.string("status"), config: try row.string("config"),
            secretFields: try IntegrationRecord.list(fromText: try row.string("secret_fields"), column: "secret_fields"),
            lastTestedAt: row.optionalDate("last_tested_at"),
            lastError: row.optionalString("last_error"), sendRatePerMinute: row.optionalString("send_rate_per_minute").flatMap { Int($0) },
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            routeIndex: row.optionalString("route_index"), enabled: try row.integer("enabled") != 0,
            role: try row.value("role", as: IntegrationRole.self),
            fallbackIDs: try IntegrationRecord.list(fromText: try row.string("fallback_ids"), column: "fallback_ids")
        )
    }
}
