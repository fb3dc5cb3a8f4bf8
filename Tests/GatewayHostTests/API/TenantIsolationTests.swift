import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Client A can neither read, change, test nor delete client B's integration, keys or messages, nor send through B's
/// integration, on every route the server has: a route added without a case here fails the test.
@Suite struct TenantIsolationTests {
    @Test(arguments: TestQueue.allCases)
    func noRouteLetsOneClientReachAnothersData(_ queue: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: queue)
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let config = #"{"config":{"api_url":"\#(url)","api_token":"\#(FakeUazapi.token)","phone_number":"5511999990000"}}"#
                let globex = try await gateway.token("globex")
                let acme = try await gateway.token("acme")
                let theirs = try await client.call(.post, "/api/integrations/whatsapp/configure", token: globex, json: config)
                let integrationID = try #require(theirs["integration"]?["id"]?.stringValue)
                let theirKey = try await client.call(.post, "/api/keys", token: globex, json: #"{"name":"globex agent"}"#)
                let keyID = try #require(theirKey["api_key"]?["id"]?.stringValue)
                let store = gateway.core.store
                let before = try #require(try await store.integration(clientID: "globex", id: integrationID))
                // B's message fails (uazapi refuses it), so it is listed among B's failed jobs and could be replayed.
                fake.log.script(400, body: #"{"error":"Invalid number"}"#)
                let sent = try await client.call(
                    .post, "/api/integrations/whatsapp/send", token: globex, json: #"{"phone":"5511988887777","message":"globex secret plan"}"#)
                let messageID = try #require(sent["message_id"]?.stringValue)
                let failed = try await gateway.waitForMessage("globex", messageID, toBe: [.failed])

                func expectGlobexUntouched(_ route: String) async throws {
                    let integration = try await store.integration(clientID: "globex", id: integrationID)
                    let keys = try await store.apiKeys(clientID: "globex")
                    let message = try await gateway.backend.queue.job(clientID: "globex", id: messageID)
                    #expect(integration == before, "\(route) changed B's integration")
                    #expect(keys.count == 1 && keys.first?.revokedAt == nil, "\(route) changed B's keys")
                    #expect(message?.status == .failed && message?.attempts == failed.attempts, "\(route) changed B's message")
                }

                /// Calls a route as A and checks the status it answers.
                @Sendable func expectA(
                    _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = acme, answers status: HTTPResponse.Status
                )
                    async throws -> APIResponse
                {
                    let response = try await client.call(method, uri, token: token, json: json)
                    #expect(response.status == status, "\(method) \(uri)")
                    return response
                }

                var covered: [String: @Sendable () async throws -> Void] = [:]
                for type in IntegrationType.configurable.map(\.rawValue) {
                    covered["GET /api/integrations/\(type)/status"] = {
                        let response = try await expectA(.get, "/api/integrations/\(type)/status", answers: .notFound)
                        #expect(!response.text.contains(integrationID))
                    }
                    covered["POST /api/integrations/\(type)/test"] = {
                        _ = try await expectA(.post, "/api/integrations/\(type)/test", answers: .notFound)
                    }
                    // A may configure its own integration of each type (whatsapp works; the others have no plugin here).
                    covered["POST /api/integrations/\(type)/configure"] = {
                        let own = TestGateway.whatsappConfig(url, instance: "-acme")
                        _ = try await expectA(
                            .post, "/api/integrations/\(type)/configure", json: own, answers: type == "whatsapp" ? .ok : .unprocessableContent)
                        // Another client's instance is not A's to take: its deliveries stay B's.
                        if type == "whatsapp" {
                            let taken = try await expectA(.post, "/api/integrations/whatsapp/configure", json: config, answers: .conflict)
                            #expect(taken["details"]?["field"] == "config.api_token")
                        }
                    }
                }
                for type in IntegrationType.sending.map(\.rawValue) {
                    covered["POST /api/integrations/\(type)/fallbacks"] = {
                        guard type == "whatsapp" else {
                            _ = try await expectA(.post, "/api/integrations/\(type)/fallbacks", json: config, answers: .unprocessableContent)
                            return
                        }
                        // A's own primary is configured by now (order); B's instance is not A's to take as a fallback either.
                        _ = try await expectA(.post, "/api/integrations/whatsapp/fallbacks", json: config, answers: .conflict)
                    }
                    covered["POST /api/integrations/\(type)/fallbacks/{id}"] = {
                        _ = try await expectA(
                            .post, "/api/integrations/\(type)/fallbacks/\(integrationID)", json: config,
                            answers: type == "whatsapp" ? .notFound : .unprocessableContent)
                    }
                }
                covered["GET /api/integrations"] = {
                    let list = try await expectA(.get, "/api/integrations", answers: .ok)
                    #expect(!list.text.contains(integrationID))
                }
                covered["PATCH /api/integrations/{id}"] = {
                    let response = try await expectA(.patch, "/api/integrations/\(integrationID)", json: #"{"enabled":false}"#, answers: .notFound)
                    #expect(response["error_code"] == .string("INTEGRATION_NOT_FOUND"))
                    _ = try await expectA(.patch, "/api/integrations/\(integrationID)", json: #"{"fallback_integration_ids":[]}"#, answers: .notFound)
                    #expect(try await store.integration(clientID: "globex", id: integrationID)?.enabled == true)
                }
                covered["DELETE /api/integrations/{id}"] = {
                    let response = try await expectA(.delete, "/api/integrations/\(integrationID)", answers: .notFound)
                    #expect(response["error_code"] == .string("INTEGRATION_NOT_FOUND"))
                }
                covered["POST /api/keys"] = { _ = try await expectA(.post, "/api/keys", json: #"{"name":"mine"}"#, answers: .created) }
                covered["GET /api/keys"] = {
                    let list = try await expectA(.get, "/api/keys", answers: .ok)
                    #expect(!list.text.contains(keyID))
                }
                covered["DELETE /api/keys/{id}"] = { _ = try await expectA(.delete, "/api/keys/\(keyID)", answers: .notFound) }
                covered["GET /api/audit"] = {
                    let trail = try await expectA(.get, "/api/audit", answers: .ok)
                    #expect(!trail.text.contains(integrationID) && !trail.text.contains(keyID))
                }
                // A has no integration yet (configure runs last): B's is not A's to send through.
                covered["POST /api/integrations/whatsapp/send"] = {
                    let response = try await expectA(
                        .post, "/api/integrations/whatsapp/send", json: #"{"phone":"5511988887777","message":"hi"}"#, answers: .notFound)
                    #expect(response["error_code"] == .string("INTEGRATION_NOT_FOUND"))
                }
                covered["POST /api/integrations/email/send"] = {
                    _ = try await expectA(
                        .post, "/api/integrations/email/send", json: #"{"to":["a@example.com"],"subject":"s","body":"b"}"#, answers: .notFound)
                }
                covered["POST /api/integrations/sms/send"] = {
                    _ = try await expectA(.post, "/api/integrations/sms/send", json: #"{"phone":"+5511988887777","message":"hi"}"#, answers: .notFound)
                }
                covered["POST /api/integrations/database/query"] = {
                    _ = try await expectA(.post, "/api/integrations/database/query", json: #"{"table":"orders"}"#, answers: .notFound)
                }
                covered["POST /mcp"] = {
                    // The tools act for the credential's client alone: B's message is not found, B's integration not A's.
                    for (tool, arguments, code) in [
                        ("get_message_status", #"{"message_id":"\#(messageID)"}"#, "NOT_FOUND"),
                        ("send_whatsapp", #"{"phone":"5511988887777","message":"hi"}"#, "INTEGRATION_NOT_FOUND"),
                    ] {
                        let call = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments)}}"#
                        let headers: HTTPFields = [.authorization: "Bearer \(acme)", .contentType: "application/json", .accept: "application/json"]
                        let text = try await client.execute(uri: "/mcp", method: .post, headers: headers, body: ByteBuffer(string: call)) {
                            String(buffer: $0.body)
                        }
                        #expect(text.contains(#""error_code":"\#(code)""#) && text.contains(#""isError":true"#), "\(tool): \(text)")
                        #expect(!text.contains("globex"))
                    }
                }
                // Inbound: B's WhatsApp integration takes a delivery; A sees nothing of the conversation it makes.
                let delivered = try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message())
                #expect(delivered.status == .ok, "\(delivered.text)")
                let theirConversation = try #require(try await store.conversations(clientID: "globex", filter: ConversationFilter(), limit: 1).first)
                for route in [
                    "POST /webhooks/uazapi", "POST /webhooks/{provider}", "POST /webhooks/{provider}/{integration_id}", "GET /webhooks/{provider}/{integration_id}",
                    "POST /webhooks/{provider}/{integration_id}/{secret}", "GET /webhooks/{provider}/{integration_id}/{secret}",
                ] {
                    // Public: a delivery is the plugin's to authenticate; a forged one changes nothing of B's.
                    covered[route] = {
                        let path = route.split(separator: " ")[1].replacingOccurrences(of: "{provider}", with: "uazapi")
                            .replacingOccurrences(of: "{integration_id}", with: integrationID).replacingOccurrences(of: "{secret}", with: "guess")
                        let method = HTTPRequest.Method(String(route.split(separator: " ")[0]))!
                        let forged = try await client.execute(
                            uri: path, method: method, body: ByteBuffer(string: try UazapiDeliveries.message(token: "forged"))
                        ) { $0.status }
                        #expect(forged == .unauthorized || forged == .badRequest, "\(route): \(forged)")
                    }
                }
                covered["GET /api/conversations"] = {
                    let list = try await expectA(.get, "/api/conversations", answers: .ok)
                    #expect(list["conversations"] == .array([]))
                }
                covered["GET /api/conversations/{id}"] = {
                    _ = try await expectA(.get, "/api/conversations/\(theirConversation.id)", answers: .notFound)
                }
                covered["PATCH /api/conversations/{id}"] = {
                    _ = try await expectA(.patch, "/api/conversations/\(theirConversation.id)", json: #"{"status":"closed"}"#, answers: .notFound)
                    #expect(try await store.conversation(clientID: "globex", id: theirConversation.id)?.status == .open)
                }
                covered["GET /api/conversations/{id}/messages"] = {
                    _ = try await expectA(.get, "/api/conversations/\(theirConversation.id)/messages", answers: .notFound)
                }
                covered["GET /api/contacts/{id}"] = {
                    _ = try await expectA(.get, "/api/contacts/\(theirConversation.contactID)", answers: .notFound)
                }
                covered["POST /api/events"] = {
                    _ = try await expectA(
                        .post, "/api/events", json: #"{"conversation_id":"\#(theirConversation.id)","type":"intent_detected"}"#, answers: .notFound)
                    _ = try await expectA(
                        .post, "/api/events", json: #"{"phone":"\#(UazapiDeliveries.senderPhone)","type":"intent_detected"}"#, answers: .notFound)
                }
                covered["GET /api/events"] = {
                    let list = try await expectA(.get, "/api/events", answers: .ok)
                    #expect(list["events"] == .array([]))
                }
                // B's trigger: A can neither read, change, switch nor delete it.
                let theirTrigger = try await client.call(.post, "/api/triggers", token: globex, json: TriggersAPITests.followUp)
                let triggerID = try #require(theirTrigger["trigger"]?["id"]?.stringValue)
                @Sendable func expectTriggerUntouched() async throws {
                    let stored = try await store.trigger(clientID: "globex", id: triggerID)
                    #expect(stored?.active == true && stored?.name == "Follow-up de Inatividade")
                }
                covered["POST /api/triggers"] = {
                    _ = try await expectA(.post, "/api/triggers", json: TriggersAPITests.intentAlert, answers: .created)
                    try await expectTriggerUntouched()
                }
                covered["GET /api/triggers"] = {
                    let list = try await expectA(.get, "/api/triggers", answers: .ok)
                    #expect(!list.text.contains(triggerID))
                }
                covered["GET /api/triggers/{id}"] = { _ = try await expectA(.get, "/api/triggers/\(triggerID)", answers: .notFound) }
                covered["PUT /api/triggers/{id}"] = {
                    _ = try await expectA(.put, "/api/triggers/\(triggerID)", json: #"{"name":"mine now"}"#, answers: .notFound)
                    try await expectTriggerUntouched()
                }
                covered["PATCH /api/triggers/{id}/toggle"] = {
                    _ = try await expectA(.patch, "/api/triggers/\(triggerID)/toggle", json: #"{"active":false}"#, answers: .notFound)
                    try await expectTriggerUntouched()
                }
                covered["POST /api/triggers/{id}/test"] = { _ = try await expectA(.post, "/api/triggers/\(triggerID)/test", answers: .notFound) }
                covered["POST /api/triggers/test"] = {
                    let simulation = try await expectA(.post, "/api/triggers/test", json: TriggersAPITests.followUp, answers: .ok)
                    #expect(simulation["simulation"]?["affected_conversations"] == 0, "B's conversations are not A's")
                }
                covered["GET /api/triggers/{id}/executions"] = {
                    _ = try await expectA(.get, "/api/triggers/\(triggerID)/executions", answers: .notFound)
                }
                covered["GET /api/executions"] = {
                    let list = try await expectA(.get, "/api/executions?trigger_id=\(triggerID)", answers: .ok)
                    #expect(list["executions"] == .array([]))
                }
                covered["DELETE /api/triggers/{id}"] = {
                    _ = try await expectA(.delete, "/api/triggers/\(triggerID)", answers: .notFound)
                    try await expectTriggerUntouched()
                }
                // B's template: A can neither read, change nor delete it.
                let theirTemplate = try await client.call(
                    .post, "/api/templates", token: globex, json: #"{"id":"welcome","channel":"whatsapp","body":"Oi"}"#)
                #expect(theirTemplate.status == .created)
                @Sendable func expectTemplateUntouched() async throws {
                    #expect(try await store.template(clientID: "globex", id: "welcome")?.body == "Oi")
                }
                covered["POST /api/templates"] = {
                    _ = try await expectA(.post, "/api/templates", json: #"{"id":"welcome","channel":"whatsapp","body":"mine"}"#, answers: .created)
                    try await expectTemplateUntouched()
                }
                covered["GET /api/templates"] = { _ = try await expectA(.get, "/api/templates", answers: .ok) }
                covered["GET /api/templates/{id}"] = { _ = try await expectA(.get, "/api/templates/nope", answers: .notFound) }
                covered["PUT /api/templates/{id}"] = {
                    _ = try await expectA(.put, "/api/templates/other", json: #"{"body":"x"}"#, answers: .notFound)
                    try await expectTemplateUntouched()
                }
                covered["DELETE /api/templates/{id}"] = {
                    _ = try await expectA(.delete, "/api/templates/other", answers: .notFound)
                    try await expectTemplateUntouched()
                }
                // A's business hours are A's own; B has none it could read.
                covered["PUT /api/business-hours"] = {
                    let hours = #"{"timezone":"UTC","windows":[{"days":[1],"start":"09:00","end":"10:00"}]}"#
                    _ = try await expectA(.put, "/api/business-hours", json: hours, answers: .ok)
                    #expect(try await store.businessHours(clientID: "globex") == nil)
                }
                covered["GET /api/business-hours"] = { _ = try await expectA(.get, "/api/business-hours", answers: .notFound) }
                covered["GET /api/agent"] = { _ = try await expectA(.get, "/api/agent", answers: .notFound) }
                covered["DELETE /api/agent"] = { _ = try await expectA(.delete, "/api/agent", answers: .notFound) }
                // A's own agent (the plugin is not loaded here): nothing of B's is touched either way.
                covered["PUT /api/agent"] = {
                    _ = try await expectA(.put, "/api/agent", json: #"{"url":"https://agent.example.com/turns"}"#, answers: .unprocessableContent)
                }
                covered["GET /api/messages/{id}"] = {
                    let response = try await expectA(.get, "/api/messages/\(messageID)", answers: .notFound)
                    #expect(!response.text.contains("globex"))
                }
                covered["GET /api/jobs"] = {
                    for status in JobStatus.allCases.map(\.rawValue) {
                        let list = try await expectA(.get, "/api/jobs?status=\(status)", answers: .ok)
                        #expect(list["jobs"] == .array([]), "A sees no jobs of B's")
                    }
                }
                covered["POST /api/jobs/{id}/retry"] = { _ = try await expectA(.post, "/api/jobs/\(messageID)/retry", answers: .notFound) }
                covered["GET /metrics"] = {
                    let metrics = try await expectA(.get, "/metrics", token: nil, answers: .ok)
                    #expect(!metrics.text.contains("globex") && !metrics.text.contains(messageID), "metrics carry no tenant or message")
                }
                covered["GET /api/clients"] = { _ = try await expectA(.get, "/api/clients", answers: .forbidden) }
                covered["PUT /api/clients/{id}/limits"] = {
                    _ = try await expectA(.put, "/api/clients/globex/limits", json: #"{"webhooks_per_minute":1}"#, answers: .forbidden)
                }
                covered["POST /api/clients"] = { _ = try await expectA(.post, "/api/clients", json: #"{"id":"x","name":"x"}"#, answers: .forbidden) }
                // No tenant data behind these.
                covered["GET /api/plugins"] = {
                    let list = try await expectA(.get, "/api/plugins", answers: .ok)
                    #expect(!list.text.contains("/tmp/") && list["errors"] == nil, "file paths and load errors are for admins")
                }
                covered["POST /api/plugins/{id}/reset"] = { _ = try await expectA(.post, "/api/plugins/uazapi/reset", answers: .forbidden) }
                covered["GET /health"] = {
                    let health = try await expectA(.get, "/health", token: nil, answers: .ok)
                    #expect(!health.text.contains("globex"), "health names no client")
                }
                // Tokens: A's exchange makes A's tokens; B's refresh token, were A to hold it, would still be B's own.
                covered["POST /api/auth/token"] = {
                    let key = try #require(
                        try await expectA(.post, "/api/keys", json: #"{"name":"exchange"}"#, answers: .created)["key"]?.stringValue)
                    let pair = try await client.call(.post, "/api/auth/token", token: key)
                    let access = try #require(pair["access_token"]?.stringValue)
                    #expect(try await client.call(.get, "/api/conversations/\(theirConversation.id)", token: access).status == .notFound)
                }
                covered["POST /api/auth/refresh"] = {
                    let refused = try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"gwr_theirs_guess"}"#)
                    #expect(refused.status == .unauthorized)
                }
                covered["POST /api/auth/revoke"] = {
                    _ = try await expectA(.post, "/api/auth/revoke", json: #"{"refresh_token":"gwr_theirs_guess"}"#, token: nil, answers: .ok)
                }
                covered["GET /health/live"] = { _ = try await expectA(.get, "/health/live", token: nil, answers: .ok) }
                covered["GET /health/ready"] = { _ = try await expectA(.get, "/health/ready", token: nil, answers: .ok) }
                covered["GET /health/integrations"] = { _ = try await expectA(.get, "/health/integrations", answers: .forbidden) }
                covered["GET /openapi.json"] = { _ = try await expectA(.get, "/openapi.json", token: nil, answers: .ok) }
                covered["GET /docs"] = {
                    let page = try await expectA(.get, "/docs", token: nil, answers: .ok)
                    #expect(!page.text.contains("globex"), "the reference names no client")
                }

                // Every route the server registers (the OpenAPI document lists exactly those) has a case above.
                let document = try await client.call(.get, "/openapi.json", token: nil)
                var registered: Set<String> = []
                if case .object(let paths) = document["paths"] {
                    for (path, operations) in paths {
                        if case .object(let byMethod) = operations { byMethod.keys.forEach { registered.insert("\($0.uppercased()) \(path)") } }
                    }
                }
                #expect(registered == Set(covered.keys), "routes without an isolation case: \(registered.subtracting(covered.keys).sorted())")

                for route in covered.keys.sorted(by: { (Self.order($0), $0) < (Self.order($1), $1) }) {
                    try await covered[route]!()
                    try await expectGlobexUntouched(route)
                }
                let own = try await store.integration(clientID: "acme", type: .whatsapp)
                #expect(own != nil, "A configured its own")
            }
        }
        try await gateway.core.close()
    }

    /// Reads and refusals first, then A's writes to its own keys, then A configuring its own integrations.
    /// Reads first, then writes; A configures its own integrations last, and its fallbacks after them.
    private static func order(_ route: String) -> Int {
        route.contains("/fallbacks") ? 3 : route.hasSuffix("/configure") ? 2 : route.hasPrefix("POST") ? 1 : 0
    }
}
