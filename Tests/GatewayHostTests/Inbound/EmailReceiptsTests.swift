import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Email delivery status through the real server: SendGrid's signed Event Webhook, signed as SendGrid signs (checked
/// by the PyPI `sendgrid` verifier), matched to the message by the `gateway_message_id` the send carried; forged and
/// stale deliveries refused and recorded nowhere, a replay recorded once.
@Suite struct EmailReceiptsTests {
    @Test func signedEventsMoveAnEmailForwardAndForgedOrStaleOnesAreRecordedNowhere() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["SendGrid"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let fake = FakeSendGrid()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                func configure(key: String?) async throws -> String {
                    let keyField = key.map { #","event_webhook_public_key":"\#($0)""# } ?? ""
                    let configured = try await client.call(
                        .post, "/api/integrations/email/configure", token: token,
                        json: #"{"provider":"sendgrid","api_key":"\#(FakeSendGrid.apiKey)","from_email":"agent@loja.example","base_url":"\#(url)"\#(keyField)}"#)
                    #expect(configured.status == .ok, "\(configured.text)")
                    return try #require(configured["integration"]?["id"]?.stringValue)
                }
                _ = try await configure(key: nil)
                let sent = try await client.call(
                    .post, "/api/integrations/email/send", token: token, json: #"{"to":["ana@example.com"],"subject":"Seu pedido","body":"Saiu hoje."}"#)
                let messageID = try #require(sent["message_id"]?.stringValue)
                _ = try await gateway.waitForMessage("acme", messageID, toBe: [.sent])

                let now = Int64(Date().timeIntervalSince1970)
                let delivered = SignedEvents.events("delivered", messageID: messageID, at: now)
                let opened = SignedEvents.events("open", messageID: messageID, at: now)
                let signed = try await SignedEvents.sign([(now, delivered), (now - 600, delivered), (now, opened)])
                let integration = try await configure(key: signed.publicKey)
                let path = "/webhooks/sendgrid/\(integration)"
                func status() async throws -> JSONValue? {
                    try await client.call(.get, "/api/messages/\(messageID)", token: token)["message"]?["delivery_status"]
                }

                #expect(try await client.deliver(path, delivered, headers: signed.fields(0)).status == .ok)
                #expect(try await status() == "delivered")
                let replayed = try await client.deliver(path, delivered, headers: signed.fields(0))
                #expect(replayed.status == .ok && replayed["duplicate"] == true, "\(replayed.text)")
                for (body, headers, why) in [
                    (delivered, signed.fields(1), "validly signed ten minutes ago"), (opened, signed.fields(0), "another body's signature"),
                    (opened, [.contentType: "application/json"] as HTTPFields, "unsigned"),
                ] {
                    let refused = try await client.deliver(path, body, headers: headers)
                    #expect(refused.status == .unauthorized && refused["error_code"] == "INVALID_SIGNATURE", "\(why): \(refused.text)")
                }
                #expect(try await status() == "delivered", "nothing refused moved it")
                #expect(try await client.deliver(path, opened, headers: signed.fields(2)).status == .ok)
                #expect(try await status() == "read")
                let events = try await client.call(.get, "/api/events?type=message_status", token: token)
                #expect(events["events"]?.arrayValue?.count == 2, "\(events.text.prefix(400))")

                // The hostile-tenant extremes in the new key fields: refused with the envelope, never a crash.
                let base: JSONValue = ["provider": "sendgrid", "api_key": .string(FakeSendGrid.apiKey), "from_email": "agent@loja.example", "test": false]
                try await HostileTenantTests.answerLightExtremes(
                    client, token: token, path: "/api/integrations/email/configure", base: base, fields: ["event_webhook_public_key", "inbound_secret"])
            }
        }
    }
}
