import Foundation
import Testing

@testable import GatewayHost

/// A group commit in which one delivery cannot be written: the others are recorded all the same, and only that one is
/// refused, on SQLite and on a real PostgreSQL.
@Suite struct GroupCommitTests {
    private func message(_ id: String, integration: String, sender: String) -> InboundDelivery {
        .testMessage(id, integration: integration, sender: sender)
    }

    @Test(arguments: TestStore.Backend.allCases)
    func aDeliveryThatCannotBeWrittenIsRefusedAloneAndTheOthersAreRecorded(_ backend: TestStore.Backend) async throws {
        let (store, _) = try await TestStore.open(backend)
        do {
            try await store.createClient(ClientRecord(id: "acme", name: "ACME", createdAt: Date()), actor: "operator")
            let now = Date()
            let integration = try await store.saveIntegration(
                IntegrationRecord(
                    id: RecordID.make(), clientID: "acme", type: .whatsapp, provider: "uazapi", name: "WhatsApp", status: "configured", config: "{}",
                    secretFields: [], createdAt: now, updatedAt: now),
                actor: "operator")
            // The middle one names an integration that does not exist: its conversation breaks a foreign key.
            let results = try await store.record([
                message("FIRST", integration: integration.id, sender: "a"), message("BROKEN", integration: RecordID.make(), sender: "b"),
                message("LAST", integration: integration.id, sender: "c"),
            ])
            #expect(results.count == 3)
            #expect((try? results[0].get())?.recorded.count == 1)
            #expect(throws: StoreError.self) { try results[1].get() }
            #expect((try? results[2].get())?.recorded.count == 1)
            let events = try await store.events(clientID: "acme", filter: EventFilter(), limit: 10)
            #expect(Set(events.compactMap { $0.data["provider_message_id"]?.stringValue }) == ["FIRST", "LAST"])
            // Recorded once: a second batch finds them all duplicates, and writes nothing.
            let again = try await store.record([message("FIRST", integration: integration.id, sender: "a")])
            #expect((try? again[0].get())?.duplicates == 1)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
