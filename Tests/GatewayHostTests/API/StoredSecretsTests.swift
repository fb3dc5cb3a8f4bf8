import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Stored secrets go only where they went before, a tenant's data can never stop the gateway, and one unreadable
/// integration affects only itself.
@Suite struct StoredSecretsTests {
    /// A configure, then a reconfigure that moves a destination field and leaves the secret out.
    struct Move: Sendable, CustomTestStringConvertible {
        let type: String
        let plugin: String
        let provider: String
        let first: [String: JSONValue]
        let moved: [String: JSONValue]
        let secret: String
        let destination: String
        var testDescription: String { "\(provider): \(destination)" }

        func body(_ config: [String: JSONValue]) throws -> String {
            let body: JSONValue = .object(["provider": .string(provider), "test": .bool(false), "config": .object(config)])
            return String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
        }
    }

    static let moves = [
        Move(
            type: "email", plugin: "SendGrid", provider: "sendgrid",
            first: ["api_key": "SG.real-key-0001", "from_email": "a@example.com", "base_url": "https://api.sendgrid.com"],
            moved: ["from_email": "a@example.com", "base_url": "http://attacker.example:9999"], secret: "api_key", destination: "base_url"
        ),
        Move(
            type: "whatsapp", plugin: "Uazapi", provider: "uazapi",
            first: ["api_url": "https://free.uazapi.com", "api_token": "uaz-token-0001", "phone_number": "5511999990000"],
            moved: ["api_url": "http://attacker.example", "phone_number": "5511999990000"], secret: "api_token", destination: "api_url"
        ),
        Move(
            type: "email", plugin: "SMTP", provider: "smtp",
            first: ["host": "smtp.example.com", "port": 587, "username": "u", "password": "pw-0001", "from_email": "a@example.com"],
            moved: ["host": "smtp.example.com", "port": 587, "username": "u", "use_tls": false, "from_email": "a@example.com"],
            secret: "password", destination: "use_tls"
        ),
        Move(
            type: "database", plugin: "ClientSupabase", provider: "client_supabase",
            first: ["mode": "rest", "supabase_url": "https://p.supabase.co", "supabase_key": "sb-key-0001", "allowed_tables": ["orders"]],
            moved: ["mode": "rest", "supabase_url": "https://attacker.example", "allowed_tables": ["orders"]], secret: "supabase_key",
            destination: "supabase_url"
        ),
        Move(
            type: "database", plugin: "ClientSupabase", provider: "client_supabase",
            first: ["mode": "postgres", "connection_string": "postgresql://a:pw@db.example.com/shop", "allowed_tables": ["orders"]],
            moved: ["mode": "rest", "supabase_url": "https://attacker.example", "allowed_tables": ["orders"]], secret: "connection_string",
            destination: "mode"
        ),
    ]

    @Test(arguments: moves)
    func movingWhereASecretGoesRequiresTheSecretAgain(_ move: Move) async throws {
        let gateway = try await TestGateway.start(plugins: [move.plugin])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let path = "/api/integrations/\(move.type)/configure"
            #expect(try await client.call(.post, path, token: token, json: try move.body(move.first)).status == .ok)
            var kept = move.first
            kept[move.secret] = nil
            #expect(
                try await client.call(.post, path, token: token, json: try move.body(kept)).status == .ok,
                "same destination: the stored secret is kept")

            let moved = try await client.call(.post, path, token: token, json: try move.body(move.moved))
            #expect(moved.status == .unprocessableContent)
            #expect(moved["error"] == .string("\(move.secret) must be given again when \(move.destination) changes"))
            #expect(moved["details"]?["field"] == .string("config.\(move.secret)"))
            let status = try await client.call(.get, "/api/integrations/\(move.type)/status", token: token)
            #expect(!status.text.contains("attacker"), "the refused configure changed nothing")
        }
    }

    /// `from_name` is not a secret: a value shaped like a ciphertext is stored and shown as it is, and restarting
    /// (every operator command opens the same core) still works.
    @Test func aPlainValueShapedLikeACiphertextStaysPlain() async throws {
        let gateway = try await TestGateway.start(plugins: ["SendGrid"])
        let crafted = "gwenc:v1:deadbeef:AAAA"
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(
                .post, "/api/integrations/email/configure", token: token,
                json:
                    #"{"provider":"sendgrid","test":false,"config":{"api_key":"SG.real-key-0001","from_email":"a@example.com","from_name":"\#(crafted)"}}"#
            )
            #expect(configured.status == .ok)
            #expect(configured["integration"]?["config"]?["from_name"] == .string(crafted))
        }
        let restarted = try await GatewayRuntime.open(gateway.configuration, logger: gateway.logs.logger())
        #expect(restarted.core.unreadable.isEmpty)
        let record = try #require(try await restarted.core.store.integration(clientID: "acme", type: .email))
        #expect(record.secretFields == ["api_key"])
        #expect(try restarted.core.vault.openSecrets(of: record)["from_name"] == .string(crafted))
    }

    /// One integration's stored secret is swapped for another client's ciphertext (it no longer authenticates). The
    /// gateway starts, says so in /health and `gateway keys check`, sends the other client's messages, and that
    /// client's message ends as a dead letter with the reason instead of waiting forever.
    @Test func oneUnreadableIntegrationAffectsOnlyItself() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite) { configuration in
            configuration.delivery.retryBackoff = [.milliseconds(50), .milliseconds(50)]
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.router) { client in
                for name in ["acme", "globex"] {
                    let token = try await gateway.token(name)
                    let config = TestGateway.whatsappConfig(url, extra: #","test":false"#, instance: "-" + name)
                    #expect(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: config).status == .ok)
                }
            }
            // The server has stopped (and closed its store): tamper through a store of our own, then start again.
            let store = try await StoreSetup.open(gateway.configuration, logger: gateway.logs.logger())
            let acme = try #require(try await store.integration(clientID: "acme", type: .whatsapp))
            let globex = try #require(try await store.integration(clientID: "globex", type: .whatsapp))
            var tampered = try acme.configFields()
            tampered["api_token"] = try globex.configFields()["api_token"]
            #expect(
                try await store.replaceConfig(
                    id: acme.id, clientID: "acme", config: IntegrationRecord.configText(tampered), routeIndex: nil, ifStill: acme.config))
            try await store.close()

            let restarted = try await GatewayRuntime.open(gateway.configuration, logger: gateway.logs.logger())
            #expect(restarted.core.unreadable.map(\.integrationID) == [acme.id])
            let check = try await GatewayCommand.run(["keys", "check"], environment: ["GATEWAY_DATA_DIR": gateway.configuration.dataDirectory])
            #expect(check.status != 0)
            #expect(check.output.contains("unreadable\t\(acme.id)\tacme\t") && check.output.hasSuffix("2 integrations, 1 unreadable\n"))

            try await buildApplication(runtime: restarted).test(.live) { client in
                let health = try await client.call(.get, "/health", token: nil)
                #expect(health.status == .ok)
                #expect(health["credentials"] == .object(["status": .string("degraded"), "unreadable": .integer(1)]))
                let send = #"{"phone":"5511988887777","message":"oi"}"#
                let lost = try #require(
                    try await client.call(.post, "/api/integrations/whatsapp/send", token: try await restarted.token("acme"), json: send)[
                        "message_id"]?.stringValue)
                let fine = try #require(
                    try await client.call(.post, "/api/integrations/whatsapp/send", token: try await restarted.token("globex"), json: send)[
                        "message_id"]?.stringValue)
                #expect(try await restarted.waitForMessage("globex", fine, toBe: [.sent]).status == .sent)
                let dead = try await restarted.waitForMessage("acme", lost, toBe: [.dead, .failed])
                #expect(dead.status == .dead && dead.errorCode == .credentialsUnreadable)
                #expect(dead.lastError?.contains("cannot be read") == true)
            }
        }
    }

    /// A send's input (the phone, the words) waits sealed to its client, in the queue and in a dead letter; the provider
    /// still gets it in clear.
    @Test(arguments: [TestQueue.sqlite, .redis])
    func aQueuedSendsInputIsSealedAtRest(_ backend: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: backend)
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.router) { client in
                let token = try await gateway.token("acme")
                #expect(try await client.configureWhatsApp(token: token, url: url).status == .ok)
                let later = Date().addingTimeInterval(3_600).formatted(.iso8601)
                let send = #"{"phone":"5511988887777","message":"segredo do cliente","send_at":"\#(later)"}"#
                let id = try #require(
                    try await client.call(.post, "/api/integrations/whatsapp/send", token: token, json: send)["message_id"]?.stringValue)
                let stored = try #require(try await gateway.backend.queue.job(clientID: "acme", id: id))
                #expect(Vault.isSealed(stored.input) && !stored.input.contains("segredo") && !stored.input.contains("988887777"))
                let opened = String(decoding: try SealedJobInputs(vault: gateway.core.vault).open(stored), as: UTF8.self)
                #expect(opened.contains("segredo do cliente"), "the worker opens it for the provider")
            }
        }
    }
}
