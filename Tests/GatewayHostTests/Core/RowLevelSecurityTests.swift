import Foundation
@testable import GatewayHost
import Testing

/// On PostgreSQL, tenant isolation does not rest on the gateway's WHERE clauses alone: row-level security, enabled and
/// forced, hides every tenant row from a session that has not set its tenant.
@Suite struct RowLevelSecurityTests {
    @Test func withoutATenantTheApplicationRoleSeesNoRows() async throws {
        let (store, database) = try await TestStore.open(.postgres)
        let owner = try #require(database)
        for client in ["acme", "globex"] {
            try await store.createClient(ClientRecord(id: client, name: client, createdAt: Date()), actor: "operator")
            let now = Date()
            _ = try await store.saveIntegration(
                IntegrationRecord(
                    id: "int-\(client)", clientID: client, type: .whatsapp, provider: "uazapi", name: "w", status: "configured", config: "{}", secretFields: [],
                    createdAt: now, updatedAt: now
                ),
                actor: "operator"
            )
        }
        try await store.close()

        #expect(try TestPostgres.psql("SELECT count(*) FROM integrations", database: owner.name) == "2", "the rows exist")
        #expect(try owner.psqlAsApplication("SELECT count(*) FROM integrations") == "0")
        #expect(try owner.psqlAsApplication("SELECT count(*) FROM clients") == "0")
        #expect(try owner.psqlAsApplication("SELECT count(*) FROM api_keys") == "0")
        #expect(try owner.psqlAsApplication("SELECT count(*) FROM audit_log") == "0")
        let asAcme = try owner.psqlAsApplication("SELECT set_config('app.client_id', 'acme', false)", "SELECT id FROM integrations")
        #expect(asAcme.contains("int-acme"))
        #expect(!asAcme.contains("int-globex"))
        #expect(throws: TestPostgres.PSQLFailed.self, "a write for another tenant is refused") {
            try owner.psqlAsApplication(
                "SELECT set_config('app.client_id', 'acme', false)", "INSERT INTO clients (id, name, created_at, updated_at) VALUES ('globex2', 'g', now(), now())"
            )
        }
    }

    @Test func theTablesHaveForcedRowLevelSecurity() async throws {
        let (store, database) = try await TestStore.open(.postgres)
        try await store.close()
        let flags = try TestPostgres.psql(
            "SELECT relname || ':' || relrowsecurity || ':' || relforcerowsecurity FROM pg_class WHERE relname IN ('clients', 'integrations', 'api_keys', 'audit_log') ORDER BY relname",
            database: try #require(database).name
        )
        #expect(flags.split(separator: "\n") == ["api_keys:true:true", "audit_log:true:true", "clients:true:true", "integrations:true:true"])
    }
}
