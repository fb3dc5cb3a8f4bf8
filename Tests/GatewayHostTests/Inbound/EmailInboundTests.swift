import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Email in through the real server: SendGrid's Inbound Parse posts an email (multipart, to the integration's secret
/// URL), it becomes an email conversation and a signed agent turn, and the agent's reply goes back by email on the same
/// thread (`Re:` the subject, `In-Reply-To` and `References` the email's Message-ID).
@Suite struct EmailInboundTests {
    static let secret = "inbound-secret-0123456789"

    @Test func anEmailBecomesATurnAndTheReplyGoesBackOnItsThread() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["SendGrid", "AgentWebhook"]) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let sendgrid = FakeSendGrid()
        let agent = FakeAgent()
        agent.reply("Olá Ana! Seu pedido chega amanhã.")
        try await LocalServer.run(sendgrid.router) { sendgridURL in
            try await LocalServer.run(agent.router) { agentURL in
                try await gateway.app.test(.live) { client in
                    let token = try await gateway.token("acme")
                    #expect(
                        try await client.call(.put, "/api/agent", token: token, json: #"{"url":"\#(agentURL)/turns","debounce_ms":0,"max_wait_ms":0}"#).status == .ok)
                    let configured = try await client.call(
                        .post, "/api/integrations/email/configure", token: token,
                        json: #"{"provider":"sendgrid","api_key":"\#(FakeSendGrid.apiKey)","from_email":"atendimento@loja.example","base_url":"\#(sendgridURL)","inbound_secret":"\#(Self.secret)"}"#)
                    #expect(configured.status == .ok, "\(configured.text)")
                    #expect(!configured.text.contains(Self.secret))
                    let id = try #require(configured["integration"]?["id"]?.stringValue)

                    let delivered = try await client.deliver(
                        "/webhooks/sendgrid/\(id)/\(Self.secret)", SendGridWebhookSamples.email(text: "Quando chega meu pedido?"),
                        headers: [.contentType: "multipart/form-data; boundary=xYzZY"])
                    #expect(delivered.status == .ok, "\(delivered.text)")
                    let forged = try await client.deliver(
                        "/webhooks/sendgrid/\(id)/guess", SendGridWebhookSamples.email(text: "forjada"), headers: [.contentType: "multipart/form-data; boundary=xYzZY"])
                    #expect(forged.status == .unauthorized)

                    #expect(await eventually { !agent.deliveries.isEmpty && sendgrid.log.requests.contains { $0.path == "/v3/mail/send" } })
                    let turn = try #require(agent.deliveries.first?.json)
                    #expect(turn["conversation"]?["channel"] == "email" && turn["contact"]?["email"] == "ana@example.com" && turn["contact"]?["name"] == "Ana Souza")
                    #expect(turn["messages"]?.arrayValue?.first?["subject"] == "Pedido 123")
                    #expect(turn["messages"]?.arrayValue?.first?["text"] == "Quando chega meu pedido?")
                    #expect(agent.deliveries.count == 1, "the forged email made no turn")

                    let reply = try #require(sendgrid.log.requests.first { $0.path == "/v3/mail/send" })
                    #expect(reply.body["subject"] == "Re: Pedido 123")
                    #expect(reply.body["personalizations"]?.arrayValue?.first?["to"]?.arrayValue?.first?["email"] == "ana@example.com")
                    #expect(reply.body["headers"] == ["In-Reply-To": "<CAF=abc123@mail.example.com>", "References": "<CAF=abc123@mail.example.com>"])
                    #expect(reply.body["content"]?.arrayValue?.first?["value"] == "Olá Ana! Seu pedido chega amanhã.")
                }
            }
        }
    }
}

/// Inbound Parse posts, as shared/providers/sendgrid/README.md describes them.
enum SendGridWebhookSamples {
    static func email(text: String) -> String {
        let fields = [
            ("headers", "Message-ID: <CAF=abc123@mail.example.com>\r\nSubject: Pedido 123\r\nFrom: Ana Souza <ana@example.com>"),
            ("from", "Ana Souza <ana@example.com>"), ("to", "atendimento@loja.example"), ("subject", "Pedido 123"), ("text", text),
            ("envelope", #"{"to":["atendimento@loja.example"],"from":"ana@example.com"}"#), ("SPF", "pass"), ("spam_score", "0.1"),
        ]
        return fields.map { "--xYzZY\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--xYzZY--\r\n"
    }
}
