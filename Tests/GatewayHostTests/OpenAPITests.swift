import Foundation
@testable import GatewayHost
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `/openapi.json` documents every route the server registers, and every documented operation is served.
@Suite struct OpenAPITests {
    private func gateway() async throws -> some ApplicationProtocol {
        try await TestGateway.start(plugins: []).app
    }

    private func document(_ client: some TestClientProtocol) async throws -> [String: JSONValue] {
        try await client.execute(uri: "/openapi.json", method: .get) { response in
            #expect(response.status == .ok)
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(response.body.readableBytesView))
        }
    }

    @Test func theDocumentIsOpenAPI31WithResolvableSchemas() async throws {
        try await gateway().test(.router) { client in
            let document = try await document(client)
            #expect(document["openapi"] == .string("3.1.0"))
            guard case .object(let components) = document["components"], case .object(let schemas) = components["schemas"] else {
                Issue.record("no components.schemas")
                return
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            let encoded = String(decoding: try encoder.encode(document), as: UTF8.self)
            let references = Set(encoded.matches(of: /#\/components\/schemas\/(\w+)/).map { String($0.1) })
            #expect(!references.isEmpty)
            #expect(references.subtracting(schemas.keys).isEmpty, "every $ref resolves")
        }
    }

    /// Each configure route's body lists the loaded providers of its type, with their manifests' fields typed: the
    /// default provider may be left out, another must be named; only a non-secret required field is required.
    @Test func configureBodiesFollowTheLoadedProvidersManifests() async throws {
        let gateway = try await TestGateway.start(plugins: ["Uazapi", "SMTP", "SendGrid", "ClientSupabase"])
        try await gateway.app.test(.router) { client in
            let schemas = try await document(client)["components"]?["schemas"]
            let email = schemas?["ConfigureEmail"]?["oneOf"]?.arrayValue ?? []
            #expect(email.map { $0["title"] } == ["sendgrid", "smtp"])
            let sendgrid = try #require(email.first?["oneOf"]?.arrayValue?.first)
            #expect(sendgrid["required"] == ["provider"] && sendgrid["additionalProperties"] == false)
            #expect(sendgrid["allOf"] == [["required": ["from_email"]]], "api_key is secret: a change may leave it out")
            #expect(sendgrid["properties"]?["from_email"]?["anyOf"] == [["type": "string", "minLength": 1]])
            #expect(sendgrid["properties"]?["sandbox_mode"]?["anyOf"] == [["type": "boolean"], ["type": "null"]])
            let nested = try #require(email.first?["oneOf"]?.arrayValue?.last)
            #expect(nested["required"] == ["provider", "config"] && nested["properties"]?["config"]?["additionalProperties"] == false)

            let whatsapp = schemas?["ConfigureWhatsapp"]?["oneOf"]?.arrayValue ?? []
            #expect(whatsapp.map { $0["title"] } == ["uazapi"])
            #expect(whatsapp.first?["oneOf"]?.arrayValue?.first?["required"] == [], "uazapi is the default")
            let database = schemas?["ConfigureDatabase"]?["oneOf"]?.arrayValue?.first?["oneOf"]?.arrayValue?.first
            #expect(
                database?["allOf"]?.arrayValue?.contains(["anyOf": [["required": ["mode"]], ["required": ["supabase_url"]], ["required": ["connection_string"]]]])
                    == true, "the seed may leave mode out when a field tells it")

            // The document's rule on the server: a field beside config is refused, not ignored.
            let token = try await gateway.token("acme")
            let stray = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"api_url":"http://127.0.0.1:9","config":{"api_url":"http://127.0.0.1:9","api_token":"t","phone_number":"5511999999999"},"test":false}"#)
            #expect(stray.status == .unprocessableContent && stray["details"]?["field"] == "api_url", "\(stray.text)")
            let huge = String(repeating: "x", count: 16 * 1024)
            for (body, field) in [
                (#"{"api_url":"http://127.0.0.1:9","api_token":"t","phone_number":"5511999999999","test":false,"name":""}"#, "name"),
                (#"{"api_url":"http://127.0.0.1:9","api_token":"\#(huge)","phone_number":"5511999999999","test":false}"#, "config"),
            ] {
                let refused = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: body)
                #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == .string(field), "\(refused.text.prefix(200))")
            }
        }
    }

    @Test func everyRegisteredRouteIsDocumented() async throws {
        // The routes the gateway registers: the same table the server uses for routing.
        let expected: Set<String> = [
            "GET /health", "GET /health/live", "GET /health/ready", "GET /health/integrations", "GET /api/plugins", "POST /api/plugins/{id}/reset",
            "GET /openapi.json", "GET /docs", "GET /api/integrations",
            "PATCH /api/integrations/{id}", "DELETE /api/integrations/{id}", "POST /api/auth/token", "POST /api/auth/refresh",
            "POST /api/auth/revoke",
            "POST /api/integrations/whatsapp/configure", "GET /api/integrations/whatsapp/status", "POST /api/integrations/whatsapp/test",
            "POST /api/integrations/email/configure", "GET /api/integrations/email/status", "POST /api/integrations/email/test",
            "POST /api/integrations/database/configure", "GET /api/integrations/database/status", "POST /api/integrations/database/test",
            "POST /api/integrations/sms/configure", "GET /api/integrations/sms/status", "POST /api/integrations/sms/test", "POST /api/integrations/sms/send",
            "POST /api/integrations/whatsapp/fallbacks", "POST /api/integrations/whatsapp/fallbacks/{id}", "POST /api/integrations/email/fallbacks",
            "POST /api/integrations/email/fallbacks/{id}", "POST /api/integrations/sms/fallbacks", "POST /api/integrations/sms/fallbacks/{id}",
            "POST /api/keys", "GET /api/keys", "DELETE /api/keys/{id}", "POST /api/clients", "GET /api/clients", "GET /api/audit",
            "POST /api/integrations/whatsapp/send", "POST /api/integrations/email/send", "GET /api/messages/{id}", "GET /api/jobs",
            "POST /api/jobs/{id}/retry", "GET /metrics", "POST /api/integrations/database/query", "POST /mcp",
            "POST /webhooks/uazapi", "POST /webhooks/{provider}", "POST /webhooks/{provider}/{integration_id}", "GET /webhooks/{provider}/{integration_id}",
            "POST /webhooks/{provider}/{integration_id}/{secret}", "GET /webhooks/{provider}/{integration_id}/{secret}",
            "GET /api/conversations", "GET /api/conversations/{id}", "PATCH /api/conversations/{id}", "GET /api/conversations/{id}/messages",
            "GET /api/contacts/{id}", "POST /api/events", "GET /api/events", "PUT /api/agent", "GET /api/agent", "DELETE /api/agent",
            "PUT /api/clients/{id}/limits",
            "POST /api/triggers", "GET /api/triggers", "GET /api/triggers/{id}", "PUT /api/triggers/{id}", "PATCH /api/triggers/{id}/toggle",
            "DELETE /api/triggers/{id}", "POST /api/triggers/{id}/test", "POST /api/triggers/test", "GET /api/triggers/{id}/executions",
            "GET /api/executions", "POST /api/templates", "GET /api/templates", "GET /api/templates/{id}",
            "PUT /api/templates/{id}", "DELETE /api/templates/{id}", "PUT /api/business-hours", "GET /api/business-hours",
        ]
        try await gateway().test(.router) { client in
            let document = try await document(client)
            var documented: Set<String> = []
            if case .object(let paths) = document["paths"] {
                for (path, operations) in paths {
                    guard case .object(let byMethod) = operations else { continue }
                    for (method, operation) in byMethod {
                        documented.insert("\(method.uppercased()) \(path)")
                        guard case .object(let fields) = operation, case .string(let summary) = fields["summary"] else {
                            Issue.record("\(method) \(path) has no summary")
                            continue
                        }
                        #expect(!summary.isEmpty)
                        let responses = fields["responses"]
                        #expect(responses?.isObjectWith(keys: ["default"]) == true, "\(method) \(path)")
                        #expect(["200", "201", "202"].contains { responses?.isObjectWith(keys: [$0]) == true }, "\(method) \(path)")
                    }
                }
            }
            #expect(documented == expected)
        }
    }

    @Test func linksLeadFromWhatCreatesToTheRoutesThatTakeItsId() async throws {
        try await gateway().test(.router) { client in
            let paths = try #require(try await document(client)["paths"]?.objectValue)
            let operations = paths.flatMap { path, byMethod in (byMethod.objectValue ?? [:]).map { (path: path, method: $0.key, fields: $0.value) } }
            let byId = Dictionary(uniqueKeysWithValues: operations.compactMap { op in op.fields["operationId"]?.stringValue.map { ($0, op) } })
            #expect(byId.count == operations.count, "operation ids are unique")
            var followed: Set<String> = []
            for operation in operations {
                for (_, response) in operation.fields["responses"]?.objectValue ?? [:] {
                    for (_, link) in response["links"]?.objectValue ?? [:] {
                        let target = try #require(link["operationId"]?.stringValue.flatMap { byId[$0] }, "\(link)")
                        #expect(target.path.contains("{id}") && link["parameters"]?["id"]?.stringValue?.hasPrefix("$response.body#/") == true)
                        followed.insert("\(operation.method.uppercased()) \(operation.path) -> \(target.method.uppercased()) \(target.path)")
                    }
                }
            }
            #expect(followed.contains("POST /api/triggers -> GET /api/triggers/{id}"))
            #expect(followed.contains("POST /api/integrations/whatsapp/send -> GET /api/messages/{id}"))
            #expect(followed.contains("GET /api/conversations -> PATCH /api/conversations/{id}"))
            // Bodies that are not JSON say what they are.
            #expect(paths["/metrics"]?["get"]?["responses"]?["200"]?["content"]?["text/plain"] != nil)
            #expect(paths["/docs"]?["get"]?["responses"]?["200"]?["content"]?["text/html"] != nil)
        }
    }

    /// Called without credentials, a public operation answers 200 and any other 401: never "no such route". A webhook
    /// with no delivery is refused by its own rules (no token, no such integration), not for want of a route.
    @Test func everyDocumentedOperationIsServed() async throws {
        try await gateway().test(.router) { client in
            guard case .object(let paths) = try await document(client)["paths"] else { return }
            for (path, operations) in paths {
                guard case .object(let byMethod) = operations else { continue }
                for (method, operation) in byMethod {
                    let secured = operation.isObjectWith(keys: ["security"])
                    try await client.execute(uri: path, method: HTTPRequest.Method(method.uppercased())!) { response in
                        if path.hasPrefix("/webhooks/") || path.hasPrefix("/api/auth/re") {
                            // Public routes whose body is the credential: refused for want of one, not of a route.
                            #expect([.badRequest, .unauthorized, .notFound].contains(response.status), "\(method) \(path)")
                            #expect(!String(buffer: response.body).contains("no route for"), "\(method) \(path)")
                        } else {
                            #expect(response.status == (secured ? .unauthorized : .ok), "\(method) \(path)")
                        }
                    }
                }
            }
        }
    }
}

extension JSONValue {
    fileprivate func isObjectWith(keys: Set<String>) -> Bool {
        if case .object(let object) = self { return keys.isSubset(of: object.keys) }
        return false
    }
}

/// `GET /docs`: the reference page is rendered from the served document, so it names every route; it shows the seed's
/// examples, escapes what it quotes, and runs no script.
@Suite struct APIReferenceTests {
    @Test func theReferencePageNamesEveryRouteWithTheSeedsExamples() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in
            let page = try await client.execute(uri: "/docs", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: response.body)
            }
            let document = try await client.execute(uri: "/openapi.json", method: .get) {
                try JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: $0.body).utf8))
            }
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths.count > 50)
            for (path, operations) in paths {
                for method in (operations.objectValue ?? [:]).keys {
                    #expect(
                        page.contains(#"<span class="method">\#(method.uppercased())</span><code>\#(APIReference.escape(path))</code>"#),
                        "\(method) \(path)")
                }
            }
            #expect(page.contains(APIReference.escape(#""trigger_config": {"delay_days": 3"#)), "the seed's trigger example")
            #expect(page.contains("&lt;h1&gt;Olá!&lt;/h1&gt;"), "HTML in an example is escaped")
            #expect(!page.lowercased().contains("<script"))
            #expect(page.contains("<code>phone</code> *"), "required fields are marked")
        }
    }
}
