import Foundation
import GatewayHost
import Logging
import Testing

/// The real libSendGrid.so through the real loader, against a local SendGrid that follows the v3 spec.
@Suite struct SendGridPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libSendGrid.so").path

    private func instance(_ url: String, key: String = FakeSendGrid.apiKey, sandbox: Bool = false) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        let config: [String: JSONValue] = [
            "api_key": .string(key), "from_email": .string("agent@loja.example"), "from_name": .string("Loja Agent"),
            "base_url": .string(url), "sandbox_mode": .bool(sandbox),
        ]
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    private func withFake(_ body: @Sendable (_ url: String, _ fake: FakeSendGrid) async throws -> Void) async throws {
        let fake = FakeSendGrid()
        try await LocalServer.run(fake.router) { url in try await body(url, fake) }
    }

    private func send(_ input: [String: JSONValue], via instance: PluginInstance) async throws -> PluginCallResult {
        try await instance.invoke("send", input: JSONEncoder().encode(input), timeoutMs: 30_000)
    }

    private let mail: [String: JSONValue] = [
        "to": .array([.string("ana@example.com")]), "cc": .array([.string("bo@example.com")]), "bcc": .array([.string("audit@example.com")]),
        "subject": .string("Seu pedido"), "text": .string("Olá Ana"), "html": .string("<p>Olá Ana</p>"), "reply_to": .string("help@loja.example"),
    ]

    @Test func testPassesWhenTheKeyMaySendMail() async throws {
        try await withFake { url, fake in
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(fake.log.requests.map { "\($0.method) \($0.path)" } == ["GET /v3/scopes"])
            #expect(fake.log.requests.first?.headers["authorization"] == "Bearer \(FakeSendGrid.apiKey)")
        }
    }

    @Test func testFailsWhenTheKeyLacksMailSendAndSaysSo() async throws {
        try await withFake { url, fake in
            fake.setScopes(["user.profile.read"])
            let result = try await instance(url).invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .permanent)
            #expect(result.errorMessage?.contains("mail.send") == true)
        }
    }

    @Test func aWrongKeyIsAuth() async throws {
        try await withFake { url, _ in
            let wrongKey = try await instance(url, key: "SG.wrong")
            #expect(try await wrongKey.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .auth)
        }
    }

    @Test func theGatewaysMessageIdTravelsAsACustomArgument() async throws {
        try await withFake { url, fake in
            var input = mail
            input["message_id"] = .string("5b1f7c6e-0d3a-4a8e-9c1e-2f4b6a8d0e12")
            #expect(try await send(input, via: instance(url)).status == .ok)
            let personalization = try #require(fake.log.requests.first?.body["personalizations"]?.arrayValue?.first)
            #expect(personalization["custom_args"] == .object(["gateway_message_id": .string("5b1f7c6e-0d3a-4a8e-9c1e-2f4b6a8d0e12")]))
        }
    }

    @Test func sendBuildsTheSpecBodyAndReturnsTheMessageId() async throws {
        try await withFake { url, fake in
            let result = try await send(mail, via: instance(url))
            #expect(result.status == .ok)
            #expect(try JSONDecoder().decode([String: String].self, from: result.output) == ["provider_message_id": "sg-msg-0001"])
            let body = try #require(fake.log.requests.first?.body)
            #expect(
                body["personalizations"]
                    == .array([.object([
                        "to": .array([.object(["email": .string("ana@example.com")])]), "cc": .array([.object(["email": .string("bo@example.com")])]),
                        "bcc": .array([.object(["email": .string("audit@example.com")])]),
                    ])])
            )
            #expect(body["from"] == .object(["email": .string("agent@loja.example"), "name": .string("Loja Agent")]))
            #expect(
                body["content"]
                    == .array([.object(["type": .string("text/plain"), "value": .string("Olá Ana")]), .object(["type": .string("text/html"), "value": .string("<p>Olá Ana</p>")])])
            )
            #expect(body["reply_to"] == .object(["email": .string("help@loja.example")]))
            #expect(body["mail_settings"] == nil)
        }
    }

    @Test func aTemplateSendCarriesTheTemplateDataAndNoContent() async throws {
        try await withFake { url, fake in
            let input: [String: JSONValue] = ["to": .array([.string("ana@example.com")]), "template_id": .string("d-123"), "template_data": .object(["name": .string("Ana")])]
            #expect(try await send(input, via: instance(url, sandbox: true)).status == .ok)
            let body = try #require(fake.log.requests.first?.body)
            #expect(body["template_id"] == .string("d-123"))
            #expect(body["content"] == nil)
            #expect(body["personalizations"]?.firstObject?["dynamic_template_data"] == .object(["name": .string("Ana")]))
            #expect(body["mail_settings"] == .object(["sandbox_mode": .object(["enable": .bool(true)])]))
        }
    }

    @Test(arguments: [
        (["to": JSONValue.array([])], "to"),
        (["to": .array([.string("not-an-address")]), "subject": .string("s"), "text": .string("t")], "to.0"),
        (["to": .array([.string("a@example.com")]), "text": .string("t")], "subject"),
        (["to": .array([.string("a@example.com")]), "subject": .string("s")], "text"),
        (["to": .array([.string("a@example.com")]), "cc": .array([.string("A@example.com")]), "subject": .string("s"), "text": .string("t")], "cc"),
    ])
    func badInputIsInvalidNamingTheFieldAndNothingIsSent(input: [String: JSONValue], field: String) async throws {
        try await withFake { url, fake in
            let result = try await send(input, via: instance(url))
            #expect(result.status == .invalid)
            #expect(result.errorFieldName == field)
            #expect(fake.log.requests.isEmpty)
        }
    }

    @Test func sendGridsOwnErrorsAreReadable() async throws {
        try await withFake { url, fake in
            fake.log.script(400, body: #"{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email","help":null}]}"#)
            let result = try await send(mail, via: instance(url))
            #expect(result.status == .invalid)
            #expect(result.errorFieldName == "personalizations.0.to.0.email")
            #expect(result.errorMessage == "SendGrid refused the message: personalizations.0.to.0.email: Does not contain a valid address.")
        }
    }

    @Test(arguments: [(401, ProviderStatus.auth), (403, .auth), (413, .invalid), (500, .retryable), (502, .retryable)])
    func eachDocumentedErrorMapsToItsStatus(code: Int, status: ProviderStatus) async throws {
        try await withFake { url, fake in
            // 413 comes from SendGrid's edge as an HTML page, not JSON.
            fake.log.script(code, body: code == 413 ? "<html><body>413 Request Entity Too Large</body></html>" : #"{"errors":[{"message":"scripted"}]}"#)
            let sendGrid = try await instance(url)
            #expect(try await send(mail, via: sendGrid).status == status)
        }
    }

    @Test func tooManyRequestsWaitsUntilTheRateLimitResets() async throws {
        try await withFake { url, fake in
            let reset = Int(Date().timeIntervalSince1970) + 30
            fake.log.script(429, headers: ["X-RateLimit-Reset": "\(reset)"], body: #"{"errors":[{"message":"too many requests"}]}"#)
            let result = try await send(mail, via: instance(url))
            #expect(result.status == .rateLimited)
            // Up to the reset second, less however long the loaded test machine took to get here (and a second for
            // the whole seconds the header counts in).
            let earliest = (Double(reset) - Date().timeIntervalSince1970 - 1) * 1000
            #expect(Double(result.retryAfterMs) >= earliest && result.retryAfterMs <= 31_000, "\(result.retryAfterMs) ms")
        }
    }

    /// Inbound Parse: an email with a file part, folded headers and a named sender becomes one received message;
    /// only the URL with the integration's secret takes it.
    @Test func inboundParseTurnsAnEmailIntoAReceivedMessage() async throws {
        let library: LoadedPlugin = try await PluginLoader.load(path: SendGridPluginTests.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        var config: [String: JSONValue] = ["api_key": .string("SG.k"), "from_email": .string("agent@loja.example")]
        config["inbound_secret"] = .string("inbound-secret-0123456789")
        let instance = try await library.createInstance(config: JSONEncoder().encode(config)).get()
        let boundary = "----=_Part_42"
        func part(_ name: String, _ value: String, file: String? = nil) -> String {
            let disposition = "form-data; name=\"\(name)\"" + (file.map { "; filename=\"\($0)\"" } ?? "")
            return "--\(boundary)\r\nContent-Disposition: \(disposition)\r\n\r\n\(value)\r\n"
        }
        let body = part("headers", "Received: by mx.example.com\r\nMessage-ID:\r\n <CAF=folded@mail.example.com>\r\nSubject: Pedido 123")
            + part("from", "\"Souza, Ana\" <ana@example.com>") + part("subject", "Pedido 123") + part("text", "Quando chega?\r\nObrigada")
            + part("attachment1", "%PDF-1.4 binary", file: "nota.pdf") + part("envelope", #"{"to":["atendimento@loja.example"],"from":"ana@example.com"}"#)
            + "--\(boundary)--\r\n"
        func deliver(_ path: String, _ body: String, contentType: String = "multipart/form-data; boundary=\"----=_Part_42\"") async throws -> PluginCallResult {
            try await instance.webhook(method: "POST", path: path, headers: ["content-type": contentType], body: Data(body.utf8), timeoutMs: 30_000)
        }
        let received = try await deliver("/inbound-secret-0123456789", body)
        #expect(received.status == .ok, "\(received.errorMessage ?? "")")
        let event = try #require(try JSONDecoder().decode([String: JSONValue].self, from: received.output)["events"]?.arrayValue?.first)
        #expect(event["type"] == "message_received" && event["from"] == "ana@example.com" && event["name"] == "Souza, Ana")
        #expect(event["subject"] == "Pedido 123" && event["text"] == "Quando chega?\r\nObrigada")
        #expect(event["provider_message_id"] == "<CAF=folded@mail.example.com>")

        #expect(try await deliver("/inbound-secret-012345678X", body).status == .auth)
        #expect(try await deliver("/", body).status == .auth)
        #expect(try await deliver("/inbound-secret-0123456789", "not multipart at all").status == .invalid)
        let anonymous = try await deliver("/inbound-secret-0123456789", part("text", "sem remetente") + "--\(boundary)--\r\n")
        #expect(try JSONDecoder().decode([String: JSONValue].self, from: anonymous.output)["events"]?.arrayValue?.isEmpty == true)

        config["inbound_secret"] = "short"
        guard case .failure(let weak) = try await library.createInstance(config: JSONEncoder().encode(config)) else {
            Issue.record("a guessable inbound_secret was taken")
            return
        }
        #expect(weak.result.errorFieldName == "inbound_secret")
    }

    @Test func signedEventsBecomeReceiptsAndForgedOrStaleOnesAreRefused() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        let delivered = SignedEvents.events("delivered", messageID: "msg-1", at: now)
        let signed = try await SignedEvents.sign([(now, delivered), (now - 600, delivered), (now, SignedEvents.events("bounce", messageID: "msg-2", at: now))])
        let library: LoadedPlugin = try await PluginLoader.load(path: SendGridPluginTests.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        var config: [String: JSONValue] = ["api_key": .string("SG.k"), "from_email": .string("agent@loja.example")]
        config["event_webhook_public_key"] = .string(signed.publicKey)
        let instance = try await library.createInstance(config: JSONEncoder().encode(config)).get()
        func deliver(_ body: String, _ headers: [String: String]) async throws -> PluginCallResult {
            try await instance.webhook(method: "POST", path: "/", headers: headers, body: Data(body.utf8), timeoutMs: 30_000)
        }
        let accepted = try await deliver(delivered, signed.headers(0))
        #expect(accepted.status == .ok)
        let event = try #require(try JSONDecoder().decode([String: JSONValue].self, from: accepted.output)["events"]?.arrayValue?.first)
        #expect(event["type"] == "message_status" && event["status"] == "delivered" && event["message_id"] == "msg-1" && event["provider_message_id"] == "sg-msg-0001")
        let bounce = try await deliver(signed.deliveries[2].body, signed.headers(2))
        #expect(try JSONDecoder().decode([String: JSONValue].self, from: bounce.output)["events"]?.arrayValue?.first?["status"] == "failed")

        #expect(try await deliver(delivered, signed.headers(1)).status == .auth, "validly signed ten minutes ago: a replay")
        #expect(try await deliver(delivered.replacingOccurrences(of: "delivered", with: "open"), signed.headers(0)).status == .auth, "tampered")
        #expect(try await deliver(delivered, signed.headers(0, signature: signed.deliveries[2].signature)).status == .auth, "another body's signature")
        #expect(try await deliver(delivered, ["content-type": "application/json"]).status == .auth)

        config["event_webhook_public_key"] = nil
        let unkeyed = try await library.createInstance(config: JSONEncoder().encode(config)).get()
        let refused = try await unkeyed.webhook(method: "POST", path: "/", headers: signed.headers(0), body: Data(delivered.utf8), timeoutMs: 30_000)
        #expect(refused.status == .auth)
        config["event_webhook_public_key"] = .string("bm90IGEga2V5")
        let badKey = try await library.createInstance(config: JSONEncoder().encode(config))
        guard case .failure(let failure) = badKey else { Issue.record("a key that is not one was taken"); return }
        #expect(failure.result.errorFieldName == "event_webhook_public_key")
    }
}

extension JSONValue {
    /// The first element of an array that is an object.
    fileprivate var firstObject: [String: JSONValue]? {
        if case .array(let items) = self, case .object(let object) = items.first { return object }
        return nil
    }
}
