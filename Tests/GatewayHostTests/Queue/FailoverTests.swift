import Foundation
@testable import GatewayHost
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Failover through the real server, workers and plugins: a message whose provider is down moves to the next fallback
/// of its integration once, recorded on the message and in the metrics, and is delivered exactly once; permanent and
/// auth failures stay failed. The fallbacks' API: who may name what.
@Suite struct FailoverTests {
    /// Retries at once, and circuits that open only where a test says (an open circuit holds a message back a minute).
    private static func quick(_ settings: inout DeliverySettings) {
        settings.retryBackoff = [.milliseconds(50), .milliseconds(50), .milliseconds(50)]
        settings.circuitThreshold = 100
    }

    /// SendGrid (the fake) primary, a real SMTP server behind it as the fallback.
    private func withEmail(
        _ backend: TestQueue, _ body: @Sendable (TestGateway, FakeSendGrid, SMTPSink, any TestClientProtocol, String) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend, plugins: ["SendGrid", "SMTP"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            Self.quick(&configuration.delivery)
        }
        let sendgrid = FakeSendGrid()
        let sink = try SMTPSink()
        try await LocalServer.run(sendgrid.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let primary = try await client.call(
                    .post, "/api/integrations/email/configure", token: token,
                    json: #"{"provider":"sendgrid","api_key":"\#(FakeSendGrid.apiKey)","from_email":"agent@loja.example","base_url":"\#(url)"}"#)
                #expect(primary.status == .ok, "\(primary.text)")
                let fallback = try await client.call(
                    .post, "/api/integrations/email/fallbacks", token: token,
                    json: #"{"provider":"smtp","test":false,"host":"127.0.0.1","port":\#(sink.port),"use_tls":false,"from_email":"agent@loja.example"}"#)
                #expect(fallback.status == .ok && fallback["integration"]?["role"] == "fallback", "\(fallback.text)")
                let status = try await client.call(.get, "/api/integrations/email/status", token: token)
                #expect(status["integration"]?["fallback_integration_ids"] == .array([try #require(fallback["integration"]?["id"])]), "\(status.text)")
                try await body(gateway, sendgrid, sink, client, token)
            }
        }
    }

    private func sendEmail(_ client: any TestClientProtocol, _ token: String) async throws -> String {
        let sent = try await client.call(
            .post, "/api/integrations/email/send", token: token, json: #"{"to":["ana@example.com"],"subject":"Seu pedido","body":"Saiu hoje."}"#)
        #expect(sent.status == .accepted, "\(sent.text)")
        return try #require(sent["message_id"]?.stringValue)
    }

    @Test(arguments: TestQueue.allCases)
    func anEmailWhoseProviderAnswers503MovesToSMTPOnceAndIsDeliveredOnce(_ backend: TestQueue) async throws {
        try await withEmail(backend) { gateway, sendgrid, sink, client, token in
            for _ in 0..<5 { sendgrid.log.script(503, body: #"{"errors":[{"message":"Service Unavailable"}]}"#) }
            let id = try await sendEmail(client, token)
            _ = try await gateway.waitForMessage("acme", id, toBe: [.sent])

            let message = try #require(try await client.call(.get, "/api/messages/\(id)", token: token)["message"])
            let hops = try #require(message["provider_history"]?.arrayValue)
            #expect(hops.count == 1, "\(message)")
            #expect(hops.first?["provider"] == "sendgrid" && hops.first?["attempts"] == 2, "GATEWAY_FAILOVER_AFTER_ATTEMPTS' default: \(message)")
            #expect(message["attempts"] == 3, "two through SendGrid, one through SMTP")
            #expect(sendgrid.log.requests.filter { $0.path == "/v3/mail/send" }.count == 2)
            let delivered = try sink.messages()
            #expect(delivered.count == 1 && delivered.first?.rcpt_tos == ["ana@example.com"], "exactly one delivery")

            let metrics = try await client.call(.get, "/metrics", token: nil)
            let failovers = metrics.text.split(separator: "\n").filter { $0.hasPrefix("gateway_failovers_total{") }
            #expect(failovers.count == 1 && failovers.allSatisfy { $0.contains(#"from="sendgrid""#) && $0.contains(#"to="smtp""#) && $0.hasSuffix(" 1") }, "\(failovers)")
        }
    }

    @Test func permanentAndAuthFailuresNeverFailOver() async throws {
        try await withEmail(.sqlite) { gateway, sendgrid, sink, client, token in
            sendgrid.log.script(400, body: #"{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email"}]}"#)
            let refused = try await sendEmail(client, token)
            #expect(try await gateway.waitForMessage("acme", refused, toBe: [.failed, .dead, .sent]).status == .failed)
            sendgrid.log.script(401, body: #"{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked"}]}"#)
            let unauthorized = try await sendEmail(client, token)
            #expect(try await gateway.waitForMessage("acme", unauthorized, toBe: [.failed, .dead, .sent]).status == .failed)
            for id in [refused, unauthorized] {
                let message = try await client.call(.get, "/api/messages/\(id)", token: token)
                #expect(message["message"]?["provider_history"] == .array([]), "\(message.text)")
            }
            #expect(try sink.messages().isEmpty, "the fallback was never asked")
        }
    }

    /// Both providers down: the message moves once, then dies on the fallback. Replayed, it starts over from the
    /// primary with an empty history (SendGrid is asked again) and moves again.
    @Test func aReplayedMessageStartsOverFromThePrimary() async throws {
        try await withEmail(.sqlite) { gateway, sendgrid, _, client, token in
            let status = try await client.call(.get, "/api/integrations/email/status", token: token)
            let fallback = try #require(status["integration"]?["fallback_integration_ids"]?.arrayValue?.first?.stringValue)
            let closed = try FreePort.next()  // nothing listens: the SMTP connection is refused (RETRYABLE)
            let moved = try await client.call(
                .post, "/api/integrations/email/fallbacks/\(fallback)", token: token,
                json: #"{"provider":"smtp","test":false,"host":"127.0.0.1","port":\#(closed),"use_tls":false,"from_email":"agent@loja.example"}"#)
            #expect(moved.status == .ok, "\(moved.text)")
            for _ in 0..<10 { sendgrid.log.script(503, body: #"{"errors":[{"message":"Service Unavailable"}]}"#) }
            let id = try await sendEmail(client, token)
            func sendgridCalls() -> Int { sendgrid.log.requests.filter { $0.path == "/v3/mail/send" }.count }
            func history() async throws -> [JSONValue]? {
                try await client.call(.get, "/api/messages/\(id)", token: token)["message"]?["provider_history"]?.arrayValue
            }
            #expect(try await gateway.waitForMessage("acme", id, toBe: [.dead, .sent]).status == .dead)
            #expect(try await history()?.count == 1 && sendgridCalls() == 2)

            #expect(try await client.call(.post, "/api/jobs/\(id)/retry", token: token).status == .ok)
            #expect(await eventually { sendgridCalls() == 4 }, "the replay went to the primary first")
            #expect(try await gateway.waitForMessage("acme", id, toBe: [.dead, .sent]).status == .dead)
            let again = try await history()
            #expect(again?.count == 1 && again?.first?["provider"] == "sendgrid", "one hop since the replay: \(String(describing: again))")
        }
    }

    @Test func aSwitchedOffFallbackIsSkipped() async throws {
        try await withEmail(.sqlite) { gateway, sendgrid, sink, client, token in
            let status = try await client.call(.get, "/api/integrations/email/status", token: token)
            let fallback = try #require(status["integration"]?["fallback_integration_ids"]?.arrayValue?.first?.stringValue)
            #expect(try await client.call(.patch, "/api/integrations/\(fallback)", token: token, json: #"{"enabled":false}"#).status == .ok)
            for _ in 0..<5 { sendgrid.log.script(503, body: #"{"errors":[{"message":"Service Unavailable"}]}"#) }
            let id = try await sendEmail(client, token)
            #expect(try await gateway.waitForMessage("acme", id, toBe: [.dead, .sent]).status == .dead)
            let message = try await client.call(.get, "/api/messages/\(id)", token: token)
            #expect(message["message"]?["provider_history"] == .array([]), "\(message.text)")
            #expect(try sink.messages().isEmpty)
        }
    }

    /// The circuit opens after one failure; the retry finds it open and moves at once, with the one call it made.
    @Test func aWhatsAppMessageMovesFromUazapiToEvolutionWhenTheCircuitIsOpen() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "EvolutionAPI"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            Self.quick(&configuration.delivery)
            configuration.delivery.circuitThreshold = 1
            configuration.delivery.failoverAfterAttempts = 10
        }
        let uazapi = FakeUazapi()
        let evolution = FakeEvolution()
        uazapi.setOutage(until: .now + .seconds(3_600))
        try await LocalServer.run(uazapi.router) { uazapiURL in
            try await LocalServer.run(evolution.router) { evolutionURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    #expect(
                        try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig(uazapiURL, extra: #","test":false"#))
                            .status == .ok)
                    let fallback = try await client.call(
                        .post, "/api/integrations/whatsapp/fallbacks", token: token,
                        json: #"{"provider":"evolution","api_url":"\#(evolutionURL)","api_key":"\#(FakeEvolution.apiKey)","instance":"loja","test":false}"#)
                    #expect(fallback.status == .ok, "\(fallback.text)")
                    let sent = try await client.call(
                        .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"+55 11 98888-7777","message":"Seu pedido saiu"}"#)
                    let id = try #require(sent["message_id"]?.stringValue)
                    _ = try await gateway.waitForMessage("acme", id, toBe: [.sent])

                    let message = try #require(try await client.call(.get, "/api/messages/\(id)", token: token)["message"])
                    let hop = try #require(message["provider_history"]?.arrayValue?.first)
                    #expect(hop["provider"] == "uazapi" && hop["attempts"] == 1 && hop["reason"]?.stringValue?.contains("circuit") == true, "\(message)")
                    #expect(hop["integration_id"] != fallback["integration"]?["id"])
                    #expect(uazapi.log.requests.filter { $0.path == "/send/text" }.count == 1)
                    #expect(evolution.sentMessageIDs.count == 1, "exactly one delivery")
                    let request = try #require(evolution.log.requests.first { $0.path == "/message/sendText/loja" })
                    #expect(request.body["number"] == "5511988887777" && request.body["text"] == "Seu pedido saiu")
                }
            }
        }
    }

    @Test func fallbacksAreNamedOnlyAmongTheClientsOwnOfTheSameType() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "EvolutionAPI"]) { _ in }
        try await gateway.app.test(.live) { client in
            let acme = try await gateway.token("acme")
            let globex = try await gateway.token("globex")
            let evolution = #"{"provider":"evolution","api_url":"http://127.0.0.1:9","api_key":"evo-secret-key-000001","instance":"loja","test":false}"#
            let early = try await client.call(.post, "/api/integrations/whatsapp/fallbacks", token: acme, json: evolution)
            #expect(early.status == .notFound, "a fallback needs its primary first: \(early.text)")

            func primary(_ token: String, instance: String) async throws -> String {
                let configured = try await client.call(
                    .post, "/api/integrations/whatsapp/configure", token: token,
                    json: TestGateway.whatsappConfig("http://127.0.0.1:9", extra: #","test":false"#, instance: instance))
                return try #require(configured["integration"]?["id"]?.stringValue, "\(configured.text)")
            }
            let acmePrimary = try await primary(acme, instance: "-acme")
            let globexPrimary = try await primary(globex, instance: "-globex")
            let added = try await client.call(.post, "/api/integrations/whatsapp/fallbacks", token: acme, json: evolution)
            let acmeFallback = try #require(added["integration"]?["id"]?.stringValue, "\(added.text)")
            #expect(!added.text.contains("evo-secret-key-000001"), "secrets are masked on fallbacks too")
            let globexFallback = try #require(
                try await client.call(.post, "/api/integrations/whatsapp/fallbacks", token: globex, json: evolution)["integration"]?["id"]?.stringValue)

            func setFallbacks(_ token: String, of id: String, _ ids: String) async throws -> APIResponse {
                try await client.call(.patch, "/api/integrations/\(id)", token: token, json: #"{"fallback_integration_ids":\#(ids)}"#)
            }
            for (ids, why) in [
                (#"["\#(globexFallback)"]"#, "another client's"), (#"["\#(acmePrimary)"]"#, "a primary"),
                (#"["\#(acmeFallback)","\#(acmeFallback)"]"#, "named twice"), (#"["a","b","c","d"]"#, "more than three"),
                ("[" + Array(repeating: #""x""#, count: 10_000).joined(separator: ",") + "]", "ten thousand"), (#"[1]"#, "not a string"),
            ] {
                let refused = try await setFallbacks(acme, of: acmePrimary, ids)
                #expect(refused.status == .unprocessableContent, "\(why): \(refused.text.prefix(300))")
            }
            #expect(try await setFallbacks(acme, of: acmeFallback, "[]").status == .unprocessableContent, "a fallback names none")
            #expect(try await setFallbacks(acme, of: globexPrimary, "[]").status == .notFound, "another client's primary")
            #expect(try await client.call(.patch, "/api/integrations/\(acmePrimary)", token: acme, json: "{}").status == .unprocessableContent)
            let reconfigureTheirs = try await client.call(.post, "/api/integrations/whatsapp/fallbacks/\(globexFallback)", token: acme, json: evolution)
            #expect(reconfigureTheirs.status == .notFound, "\(reconfigureTheirs.text)")
            #expect(
                try await client.call(.post, "/api/integrations/whatsapp/fallbacks/\(acmePrimary)", token: acme, json: evolution).status == .notFound,
                "the primary is configured at /configure")
            #expect(try await client.call(.post, "/api/integrations/whatsapp/fallbacks/\(acmeFallback)", token: acme, json: evolution).status == .ok)
            let base: JSONValue = ["provider": "evolution", "api_url": "http://127.0.0.1:9", "api_key": "evo-secret-key-000001", "instance": "loja", "test": false]
            try await HostileTenantTests.answerLightExtremes(
                client, token: acme, path: "/api/integrations/whatsapp/fallbacks/\(acmeFallback)", base: base,
                fields: ["provider", "api_url", "api_key", "instance", "name", "send_rate_per_minute"])

            #expect(try await setFallbacks(acme, of: acmePrimary, "[]")["integration"]?["fallback_integration_ids"] == .array([]))
            // Unnamed fallbacks still count: a client cannot pile them up.
            for instance in ["loja-2", "loja-3"] {
                let more = evolution.replacingOccurrences(of: #""loja""#, with: #""\#(instance)""#)
                #expect(try await client.call(.post, "/api/integrations/whatsapp/fallbacks", token: acme, json: more).status == .ok)
            }
            let fourth = evolution.replacingOccurrences(of: #""loja""#, with: #""loja-4""#)
            #expect(try await client.call(.post, "/api/integrations/whatsapp/fallbacks", token: acme, json: fourth).status == .unprocessableContent)
            let named = try await setFallbacks(acme, of: acmePrimary, #"["\#(acmeFallback)"]"#)
            #expect(named["integration"]?["fallback_integration_ids"] == .array([.string(acmeFallback)]), "\(named.text)")
            let listed = try await client.call(.get, "/api/integrations", token: acme)["integrations"]?.arrayValue ?? []
            #expect(listed.map { $0["role"] } == ["primary", "fallback", "fallback", "fallback"] && !listed.contains { $0["id"] == .string(globexFallback) })

            #expect(try await client.call(.delete, "/api/integrations/\(acmeFallback)", token: acme).status == .ok)
            let after = try await client.call(.get, "/api/integrations/whatsapp/status", token: acme)
            #expect(after["integration"]?["fallback_integration_ids"] == .array([]), "a deleted fallback leaves its primary's list")
            let theirs = try await client.call(.get, "/api/integrations/whatsapp/status", token: globex)
            #expect(theirs["integration"]?["fallback_integration_ids"] == .array([.string(globexFallback)]), "\(theirs.text)")
        }
    }
}
