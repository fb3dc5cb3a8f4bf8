import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// A plugin's `webhook` answer is not trusted: only `{"events": [...], "response": {...}}` with every field of its type
/// is taken; anything else is 500 `PROCESSING_FAILED` (so the provider delivers again) and records nothing. The fixture
/// plugin answers each delivery with its body, so each case below is exactly what the host gets back.
@Suite struct PluginWebhookResultTests {
    static let refused = [
        "[]", #""events""#, #"{"events":{}}"#, #"{"events":[1]}"#, #"{"events":[{"type":7}]}"#,
        #"{"events":[{"type":"message_received","from":"5511988887777","is_group":"no"}]}"#, #"{"response":[]}"#,
        #"{"response":{"status":"200"}}"#, #"{"response":{"status":200.5}}"#, #"{"response":{"headers":{"x-challenge":1}}}"#,
        #"{"response":{"body":{}}}"#,
    ]

    @Test func onlyAWellTypedWebhookResultIsTaken() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: [try CProviders.misbehaving("WEBHOOK_ECHO")])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"provider":"misbehaving_webhook_echo","config":{"token":"t-1234"},"test":false}"#)
            #expect(configured.status == .ok, "\(configured.text)")
            let integration = try #require(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp))
            let path = "/webhooks/misbehaving_webhook_echo/\(integration.id)"

            for output in Self.refused {
                let answer = try await client.deliver(path, output)
                #expect(answer.status == .internalServerError && answer["error_code"] == "PROCESSING_FAILED", "\(output): \(answer.text)")
            }

            // More events than one delivery may carry: refused whole (400), nothing written in the shared transaction.
            let flood = JSONValue.object([
                "events": .array(
                    (0...WebhookService.maxEventsPerDelivery).map { ["type": "message_status", "status": "read", "provider_message_id": .string("M\($0)")] })
            ])
            let refusedFlood = try await client.deliver(path, flood.jsonText)
            #expect(refusedFlood.status == .badRequest && refusedFlood["error_code"] == "INVALID_PAYLOAD", "\(refusedFlood.text.prefix(300))")

            let taken = try await client.deliver(path, #"{"events":[{"type":"connection","state":"connected","unknown":[1,{}]}],"response":null}"#)
            #expect(taken.status == .ok && taken["success"] == .bool(true), "\(taken.text)")
            let handshake = #"{"events":[],"response":{"status":200,"headers":{"x-challenge":"abc"},"body":"abc"}}"#
            try await client.execute(uri: path, method: .post, body: ByteBuffer(string: handshake)) { response in
                #expect(response.status == .ok && String(buffer: response.body) == "abc" && response.headers[HTTPField.Name("x-challenge")!] == "abc")
            }

            let events = try await client.call(.get, "/api/events", token: token)["events"]?.arrayValue ?? []
            #expect(events.map { $0["type"] } == ["connection"], "only the taken delivery was recorded")
            #expect(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp)?.status == "connected")
        }
    }
}
