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
                    id: "int-\(client)", clientID: client, type: .whatsapp, provider: "uazapi", name: "w", status: "configured",
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
            let record = try #require(try await reopened.store.integration(clientID: client, type: .whatsapp))
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

    /// Agent turns kept in the queue (waiting, retrying and dead; more than a page of them) are re-sealed, so once the
    /// old key is gone they still open and the dead one can be replayed. A sent turn (its input dropped) and another
    /// channel's job are left alone, and an input that changed meanwhile is not overwritten.
    @Test(arguments: TestQueue.allCases)
    func rotationResealsAgentTurnsKeptInTheQueue(_ queueKind: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: queueKind, plugins: [])
        _ = try await gateway.token("acme")
        let queue = gateway.backend.queue
        let inputs = SealedJobInputs(vault: gateway.core.vault)
        func input(_ id: String) -> String { #"{"webhook_id":"\#(id)"}"# }
        func turn(_ id: String) throws -> NewJob {
            NewJob(
                id: id, clientID: "acme", channel: .agent, op: "send", input: try inputs.seal(Data(input(id).utf8), clientID: "acme"),
                priority: .normal, notBefore: nil, idempotency: nil)
        }
        let waiting = (0..<SQLJobQueue.inputPage + 5).map { String(format: "turn-%03d", $0) }
        _ = try await queue.enqueue([try turn("turn-dead"), try turn("turn-retrying"), try turn("turn-sent")])
        let send = NewJob(id: "send-1", clientID: "acme", channel: .whatsapp, op: "send", input: #"{"to":"5511988887777"}"#, priority: .normal, notBefore: nil, idempotency: nil)
        _ = try await queue.enqueue([send])
        let claimed = Dictionary(uniqueKeysWithValues: try await queue.claim(limit: 10, lease: .seconds(30)).map { ($0.job.id, $0) })
        #expect(try await queue.finish(try #require(claimed["turn-dead"]), .dead(code: .provider(.retryable), reason: "refused")))
        #expect(try await queue.finish(try #require(claimed["turn-retrying"]), .retry(after: .seconds(3_600), code: .provider(.retryable), reason: "refused", inDoubt: false)))
        #expect(try await queue.finish(try #require(claimed["turn-sent"]), .sent(providerMessageID: nil)))
        _ = try await queue.enqueue(try waiting.map(turn))
        let kept = ["turn-dead", "turn-retrying"] + waiting
        let stale = try #require(try await queue.job(clientID: "acme", id: "turn-000")).input
        #expect(try await !queue.replaceInput(id: "turn-000", with: "changed", ifStill: stale + "x"), "an input that changed is not overwritten")
        try await gateway.core.close()

        var configuration = gateway.configuration
        if configuration.encryptionKey != nil {
            configuration.oldEncryptionKeys = [try #require(configuration.encryptionKey)]
            configuration.encryptionKey = EncryptionKey.generate().base64
        }
        let report = try await KeyRotation.rotate(configuration, logger: Logger(label: "test")) { _, _ in }
        #expect(report.queuedResealed == kept.count && report.queuedUnreadable == 0)

        configuration.oldEncryptionKeys = []
        let rotated = try await GatewayRuntime.open(configuration, logger: Logger(label: "test"))
        #expect(rotated.core.vault.keys.ids == [report.keyID], "only the new key is left")
        let reopened = SealedJobInputs(vault: rotated.core.vault)
        for id in kept {
            let job = try #require(try await rotated.backend.queue.job(clientID: "acme", id: id))
            #expect(Vault.keyID(of: job.input) == report.keyID)
            #expect(String(decoding: try reopened.open(job), as: UTF8.self) == input(id))
        }
        #expect(try await rotated.backend.queue.job(clientID: "acme", id: "turn-sent")?.input == "")
        #expect(try await rotated.backend.queue.job(clientID: "acme", id: "send-1")?.input == send.input)
        guard case .replayed = try #require(try await rotated.backend.queue.replay(clientID: "acme", id: "turn-dead")) else {
            Issue.record("the dead turn is replayed")
            return
        }
        try await rotated.core.close()
    }
}

/// Progress lines a rotation reported.
private final class ProgressLog: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    func append(_ line: String) { storage.withLock { $0.append(line) } }
}
