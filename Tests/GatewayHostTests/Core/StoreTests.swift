import Foundation
@testable import GatewayHost
import Testing

/// The store suite, run on SQLite and on a real PostgreSQL: migrations, clients, integrations, API keys and the audit
/// trail, each scoped to its client.
@Suite struct StoreTests {
    private func integration(client: String, type: IntegrationType = .whatsapp, config: String = #"{"api_url":"https://x"}"#) -> IntegrationRecord {
        let now = Date()
        return IntegrationRecord(
            id: UUID().uuidString.lowercased(), clientID: client, type: type, provider: "uazapi", name: "WhatsApp", status: "configured", config: config, secretFields: [],
            createdAt: now, updatedAt: now
        )
    }

    private func withStore(_ backend: TestStore.Backend, _ body: (SQLStore) async throws -> Void) async throws {
        let (store, _) = try await TestStore.open(backend)
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    private func withClients(_ store: SQLStore, _ ids: String...) async throws {
        for id in ids { try await store.createClient(ClientRecord(id: id, name: id.uppercased(), createdAt: Date()), actor: "operator") }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func migrationsAreRecordedAndRunOnlyOnce(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            let applied = try await Migrator.appliedVersions(store.database)
            let again = try await Migrator.migrate(store.database)
            #expect(applied == Migrations.all.map(\.version))
            #expect(again.isEmpty, "a second run applies nothing")
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func clientsAreCreatedOnceAndListed(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme", "globex")
            #expect(try await store.client(id: "acme")?.name == "ACME")
            #expect(try await store.client(id: "nobody") == nil)
            #expect(try await store.clients().map(\.id) == ["acme", "globex"])
            await #expect(throws: StoreError.self) { try await store.createClient(ClientRecord(id: "acme", name: "again", createdAt: Date()), actor: "operator") }
            let created = try await store.clients().first { $0.id == "acme" }
            #expect(created.map { abs($0.createdAt.timeIntervalSinceNow) < 60 } == true, "timestamps read back")
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func savingAgainReplacesTheClientsIntegrationOfThatTypeKeepingItsId(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme")
            let first = try await store.saveIntegration(integration(client: "acme"), actor: "user:a")
            var second = integration(client: "acme", config: #"{"api_url":"https://y"}"#)
            second.name = "Renamed"
            let saved = try await store.saveIntegration(second, actor: "user:a")
            #expect(saved.id == first.id, "one integration per client and type")
            #expect(saved.name == "Renamed")
            #expect(saved.config.contains("https://y"))
            #expect(try await store.integrations(clientID: "acme").count == 1)
            _ = try await store.saveIntegration(integration(client: "acme", type: .email), actor: "user:a")
            #expect(try await store.integrations(clientID: "acme").map(\.type) == [.email, .whatsapp])
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func aClientNeverSeesOrTouchesAnotherClientsIntegration(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme", "globex")
            let theirs = try await store.saveIntegration(integration(client: "globex"), actor: "user:g")
            #expect(try await store.integration(clientID: "acme", id: theirs.id) == nil)
            #expect(try await store.integration(clientID: "acme", type: .whatsapp) == nil)
            #expect(try await store.integrations(clientID: "acme").isEmpty)
            #expect(try await store.deleteIntegration(clientID: "acme", id: theirs.id, actor: "user:a") == false)
            try await store.recordTest(clientID: "acme", id: theirs.id, status: "error", error: "x", at: Date())
            let untouched = try #require(try await store.integration(clientID: "globex", id: theirs.id))
            #expect(untouched.status == "configured")
            #expect(untouched.lastTestedAt == nil)
            #expect(try await store.deleteIntegration(clientID: "globex", id: theirs.id, actor: "user:g"))
            #expect(try await store.integration(clientID: "globex", id: theirs.id) == nil)
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func aConnectionTestIsRecorded(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme")
            let saved = try await store.saveIntegration(integration(client: "acme"), actor: "user:a")
            let testedAt = Date(timeIntervalSince1970: 1_790_000_000.25)
            try await store.recordTest(clientID: "acme", id: saved.id, status: "error", error: "refused", at: testedAt)
            let tested = try #require(try await store.integration(clientID: "acme", id: saved.id))
            #expect(tested.status == "error")
            #expect(tested.lastError == "refused")
            #expect(tested.lastTestedAt == testedAt)
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func apiKeysAreFoundByIdAndRevokedOnlyByTheirClient(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme", "globex")
            let key = APIKeyRecord(id: "k1", clientID: "acme", name: "agent", keyHash: "abc", createdAt: Date())
            try await store.createAPIKey(key, actor: "user:a")
            #expect(try await store.apiKey(id: "k1")?.clientID == "acme")
            #expect(try await store.apiKeys(clientID: "globex").isEmpty)
            #expect(try await store.revokeAPIKey(clientID: "globex", id: "k1", at: Date(), actor: "user:g") == false)
            #expect(try await store.apiKey(id: "k1")?.revokedAt == nil)
            #expect(try await store.revokeAPIKey(clientID: "acme", id: "k1", at: Date(), actor: "user:a"))
            #expect(try await store.apiKey(id: "k1")?.revokedAt != nil)
            #expect(try await store.revokeAPIKey(clientID: "acme", id: "k1", at: Date(), actor: "user:a") == false, "already revoked")
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func changesLeaveAnAuditTrailPerClient(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            try await withClients(store, "acme", "globex")
            let saved = try await store.saveIntegration(integration(client: "acme"), actor: "user:ana")
            _ = try await store.deleteIntegration(clientID: "acme", id: saved.id, actor: "key:k9")
            let trail = try await store.auditLog(clientID: "acme", limit: 10)
            #expect(trail.map(\.action) == ["integration.delete", "integration.configure", "client.create"])
            #expect(trail.first?.actor == "key:k9")
            #expect(try await store.auditLog(clientID: "globex", limit: 10).map(\.action) == ["client.create"])
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func sqlInAValueIsOnlyData(_ backend: TestStore.Backend) async throws {
        try await withStore(backend) { store in
            let hostile = "x'; DROP TABLE integrations; --"
            try await withClients(store, "acme")
            var record = integration(client: "acme")
            record.name = hostile
            _ = try await store.saveIntegration(record, actor: "user:\(hostile)")
            #expect(try await store.integration(clientID: "acme", type: .whatsapp)?.name == hostile)
            #expect(try await store.integration(clientID: hostile, type: .whatsapp) == nil)
        }
    }
}
