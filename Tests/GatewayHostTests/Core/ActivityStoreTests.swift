import Foundation
import Testing

@testable import GatewayHost

/// The console dashboard's counts: messages per UTC hour of the last day, on SQLite and on a real PostgreSQL (each
/// names the hour its own way), one client's only.
@Suite struct ActivityStoreTests {
    @Test(arguments: TestStore.Backend.allCases)
    func messagesAreCountedPerHourSinceTheStartAndPerClient(_ backend: TestStore.Backend) async throws {
        let (store, _) = try await TestStore.open(backend)
        do {
            let now = Date()
            var integrations: [String: String] = [:]
            for client in ["acme", "globex"] {
                try await store.createClient(ClientRecord(id: client, name: client, createdAt: now), actor: "operator")
                integrations[client] = try await store.saveIntegration(
                    IntegrationRecord(
                        id: RecordID.make(), clientID: client, type: .whatsapp, provider: "uazapi", name: "WhatsApp", status: "configured",
                        config: "{}", secretFields: [], createdAt: now, updatedAt: now),
                    actor: "operator"
                ).id
            }
            let acme = try #require(integrations["acme"])
            _ = try await store.record([
                .testMessage("A1", integration: acme, sender: "a", at: now), .testMessage("A2", integration: acme, sender: "b", at: now),
                .testMessage("OLD", integration: acme, sender: "c", at: now.addingTimeInterval(-2 * 86_400)),
                .testMessage("G1", client: "globex", integration: try #require(integrations["globex"]), sender: "a", at: now),
            ])
            let activity = try await store.hourlyActivity(clientID: "acme", since: now.addingTimeInterval(-86_400))
            let hour = String(SQLTimestamp.format(now).prefix(13))
            #expect(activity == [HourlyActivity(hour: hour, series: .inbound, count: 2)], "\(activity)")
            #expect(try await store.sendOutcomes(clientID: "acme", since: now.addingTimeInterval(-86_400)).isEmpty)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
