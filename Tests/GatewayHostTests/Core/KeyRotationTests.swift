import Foundation
@testable import GatewayHost
import HTTPTypes
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// `gateway keys rotate`: every secret ends under the new key, still opens, and the old key leaves the key file.
@Suite struct KeyRotationTests {
    private func seedIntegrations(_ gateway: TestGateway, clients: [String]) async throws {
        for client in clients {
            try await gateway.core.store.createClient(ClientRecord(id: client, name: client, createdAt: Date()), actor: "operator")
            let sealed = try gateway.core.vault.sealSecrets(
                ["api_token": .string("token-of-\(client)"), "phone_number": .string("5511999990000")], secretFields: ["api_token"], clientID: client
            )
            let now = Date()
            _ = try await gateway.core.store.saveIntegration(
                IntegrationRecord(
                    id: "int-\(client)", clientID: client, type: "whatsapp", provider: "uazapi", name: "w", status: "configured",
                    config: IntegrationRecord.configText(sealed), secretFields: ["api_token"], createdAt: now, updatedAt: now
                ),
                actor: "operator"
            )
        }
    }

    @Test(arguments: TestStore.Backend.allCases)
    func rotationReencryptsEverySecretUnderANewKey(_ backend: TestStore.Backend) async throws {
        let gateway = try await TestGateway.start(backend, plugins: [])
        try await seedIntegrations(gateway, clients: ["acme", "globex", "initech"])
        let oldKey = gateway.core.vault.keys.current
        try await gateway.core.close()

        var configuration = gateway.configuration
        if backend == .postgres {
            // Environment keys: the operator puts the new key in GATEWAY_ENCRYPTION_KEY and the old one in _OLD_KEYS.
            configuration.oldEncryptionKeys = [try #require(configuration.encryptionKey)]
            configuration.encryptionKey = EncryptionKey.generate().base64
        }
        let progress = ProgressLog()
        let report = try await KeyRotation.rotate(configuration, logger: Logger(label: "test")) { done, total in progress.append("\(done)/\(total)") }
        #expect(report.integrations == 3)
        #expect(report.resealed == 3)
        #expect(report.keyID != oldKey.id)
        #expect(progress.lines.prefix(3) == ["1/3", "2/3", "3/3"])

        if backend == .postgres { configuration.oldEncryptionKeys = [] }  // the old key is no longer needed
        let reopened = try await GatewayCore.open(configuration, logger: Logger(label: "test"))
        #expect(reopened.vault.keys.ids == [report.keyID], "only the new key is left")
        for client in ["acme", "globex", "initech"] {
            let record = try #require(try await reopened.store.integration(clientID: client, type: "whatsapp"))
            let stored = try record.configFields()
            #expect(Vault.keyID(of: stored["api_token"]!.stringValue!) == report.keyID)
            #expect(try reopened.vault.openSecrets(of: record)["api_token"] == .string("token-of-\(client)"))
            #expect(stored["phone_number"] == .string("5511999990000"))
        }
        let again = try await KeyRotation.rotate(configuration, logger: Logger(label: "test")) { _, _ in }
        #expect(backend == .sqlite ? again.resealed == 3 : again.resealed == 0, "a key file gets a new key each time; an environment key is already current")
        try await reopened.close()
    }

    /// After a rotation drops the old key, webhooks still route by the instance token, contacts are still found by their
    /// phone (their blind index recomputed), and their phone and name still open.
    @Test func rotationKeepsWebhooksRoutedAndContactsFoundAndReadable() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi"])
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.router) { client in
                let token = try await gateway.token("acme")
                #expect(try await client.configureWhatsApp(token: token, url: url).status == .ok)
                #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "BEFORE-1")).status == .ok)
            }
            try await gateway.core.close()
            let report = try await KeyRotation.rotate(gateway.configuration, logger: Logger(label: "test")) { _, _ in }
            #expect(report.inboundResealed == 2 && report.inboundUnreadable == 0, "address and name")

            let rotated = try await GatewayRuntime.open(gateway.configuration, logger: Logger(label: "test"))
            #expect(rotated.core.vault.keys.ids == [report.keyID])
            try await buildApplication(runtime: rotated).test(.router) { client in
                let token = try await rotated.token("acme")
                #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "AFTER-1")).status == .ok)
                let conversations = try await client.call(.get, "/api/conversations", token: token)["conversations"]?.arrayValue ?? []
                #expect(conversations.count == 1 && conversations.first?["messages"]?["inbound"] == 2, "the same contact, found under the new key")
                let contact = try await client.call(.get, "/api/contacts/\(try #require(conversations.first?["contact_id"]?.stringValue))", token: token)
                #expect(contact["contact"]?["phone"] == .string(UazapiDeliveries.senderPhone) && contact["contact"]?["name"] == "Rafael")
            }
        }
    }
}

/// Progress lines a rotation reported.
private final class ProgressLog: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
