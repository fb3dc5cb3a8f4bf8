import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Message templates: created, read, changed and deleted per client, refused when they would not render.
@Suite struct TemplatesAPITests {
    @Test func templatesAreTheClientsOwnAndCheckedWhenSaved() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let created = try await client.call(
                .post, "/api/templates", token: token,
                json: #"{"id":"follow_up_1","channel":"whatsapp","body":"Olá {{contact.name}}! Posso ajudar?"}"#
            )
            #expect(created.status == .created && created["template"]?["subject"] == .null, "\(created.text)")
            #expect(
                try await client.call(.post, "/api/templates", token: token, json: #"{"id":"follow_up_1","channel":"whatsapp","body":"x"}"#).status
                    == .conflict)
            let changed = try await client.call(.put, "/api/templates/follow_up_1", token: token, json: #"{"body":"Oi {{contact.name}}"}"#)
            #expect(changed["template"]?["body"] == "Oi {{contact.name}}" && changed["template"]?["channel"] == "whatsapp")
            #expect(try await client.call(.get, "/api/templates", token: token)["templates"]?.arrayValue?.count == 1)

            for (body, field) in [
                (#"{"id":"bad id!","channel":"whatsapp","body":"x"}"#, "id"), (#"{"id":"t1","channel":"telegram","body":"x"}"#, "channel"),
                (#"{"id":"t2","channel":"whatsapp","body":""}"#, "body"),
                (#"{"id":"t3","channel":"whatsapp","body":"{{#open}} never closed"}"#, "body"),
                (#"{"id":"t4","channel":"email","subject":"two\nlines","body":"x"}"#, "subject"),
            ] {
                let refused = try await client.call(.post, "/api/templates", token: token, json: body)
                #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == .string(field), "\(body): \(refused.text)")
            }

            let globex = try await gateway.token("globex")
            #expect(try await client.call(.get, "/api/templates/follow_up_1", token: globex).status == .notFound)
            #expect(try await client.call(.delete, "/api/templates/follow_up_1", token: globex).status == .notFound)
            #expect(try await client.call(.get, "/api/templates", token: globex)["templates"] == .array([]))
            #expect(try await client.call(.delete, "/api/templates/follow_up_1", token: token).status == .ok)
            #expect(try await client.call(.get, "/api/templates/follow_up_1", token: token).status == .notFound)
        }
    }

    @Test func renderingFillsVariablesAsTextAndNamesTheMissingOnes() throws {
        let (text, missing) = try TemplateService.render(
            "Olá {{contact.name}} <{{lead.score}}> {{lead.fields.plan}}",
            ["contact": ["name": "Ana & Bia"], "lead": ["score": 87, "fields": [String: Any]()]]
        )
        #expect(text == "Olá Ana & Bia <87> ", "plain text, not HTML-escaped")
        #expect(missing == ["lead.fields.plan"])
    }
}
