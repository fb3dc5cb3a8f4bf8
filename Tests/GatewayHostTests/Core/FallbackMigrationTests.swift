import Foundation
import Logging
@testable import GatewayHost
import Testing

/// Migration 11 lifts the one-integration-per-type rule. On SQLite that rebuilds the integrations table, and a rebuild
/// with foreign keys on would cascade into the conversations that reference it: a store written at version 10 keeps
/// every row, and its references still hold afterwards.
@Suite struct FallbackMigrationTests {
    @Test(arguments: TestStore.Backend.allCases)
    func aStoreAtVersion10KeepsItsConversationsAndTheirReferences(_ backend: TestStore.Backend) async throws {
        let (configuration, _) = try TestStore.configuration(backend)
        let store = try await StoreSetup.open(configuration, logger: .init(label: "test"))
        do {
            try await migrateFromVersion10(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    private func migrateFromVersion10(_ store: SQLStore) async throws {
        let before = Array(Migrations.all.prefix { $0.version <= 10 })
        #expect(try await Migrator.migrate(store.database, migrations: before) == Array(1...10))
        try await store.database.transaction(.system) { connection in
            let now = SQLValue.date(Date())
            try connection.query("INSERT INTO clients (id, name, created_at, updated_at) VALUES ('acme', 'ACME', $1, $1)", now)
            try connection.query(
                """
                INSERT INTO integrations (id, client_id, type, provider, name, status, config, created_at, updated_at, route_index)
                VALUES ('int-1', 'acme', 'whatsapp', 'uazapi', 'WhatsApp', 'connected', '{}', $1, $1, 'route-1')
                """, now)
            try connection.query(
                """
                INSERT INTO contacts (id, client_id, channel, address_index, index_key_id, address, created_at, updated_at)
                VALUES ('contact-1', 'acme', 'whatsapp', 'index-1', 'key-1', 'sealed', $1, $1)
                """, now)
            try connection.query(
                """
                INSERT INTO conversations (id, client_id, integration_id, contact_id, channel, status, created_at, updated_at)
                VALUES ('conversation-1', 'acme', 'int-1', 'contact-1', 'whatsapp', 'open', $1, $1)
                """, now)
        }

        #expect(try await Migrator.migrate(store.database) == [11])

        let kept = try await store.integration(clientID: "acme", type: .whatsapp)
        #expect(kept?.id == "int-1" && kept?.role == .primary && kept?.fallbackIDs == [] && kept?.routeIndex == "route-1")
        let conversations = try await store.database.transaction(.system) { connection in
            try connection.query("SELECT id FROM conversations").map { try $0.string("id") }
        }
        #expect(conversations == ["conversation-1"], "the rebuild cascaded into nothing")
        #expect(try await store.deleteIntegration(clientID: "acme", id: "int-1", actor: "test"))
        let left = try await store.database.transaction(.system) { connection in try connection.query("SELECT id FROM conversations").count }
        #expect(left == 0, "conversations still reference the integrations table")
    }
}
