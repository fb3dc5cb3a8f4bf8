import Foundation
import GatewayHost
import Logging
import Testing

/// The real libSMTP.so through the real loader, against a real SMTP server (aiosmtpd) on loopback.
@Suite struct SMTPPluginTests {
    static let plugin = TestPaths.buildDirectory.appendingPathComponent("libSMTP.so").path
    static let login = (user: "agent", password: "smtp-pass-8642")

    private func instance(port: Int, useTLS: Bool = true, verifyTLS: Bool = false, password: String = login.password, withLogin: Bool = true) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: Self.plugin, settings: TestPlugins.settings(graceMs: 2_000), logger: Logger(label: "test")).get()
        var config: [String: JSONValue] = [
            "host": .string("127.0.0.1"), "port": .integer(Int64(port)), "use_tls": .bool(useTLS), "verify_tls": .bool(verifyTLS),
            "from_email": .string("agent@loja.example"), "from_name": .string("Loja Ação"),
        ]
        if withLogin {
            config["username"] = .string(Self.login.user)
            config["password"] = .string(password)
        }
        return try await plugin.createInstance(config: JSONEncoder().encode(config)).get()
    }

    private func send(_ input: [String: JSONValue], via instance: PluginInstance, timeoutMs: UInt64 = 10_000) async throws -> PluginCallResult {
        try await instance.invoke("send", input: JSONEncoder().encode(input), timeoutMs: timeoutMs)
    }

    private let mail: [String: JSONValue] = [
        "to": .array([.string("ana@example.com")]), "cc": .array([.string("bo@example.com")]), "bcc": .array([.string("audit@example.com")]),
        "subject": .string("Seu pedido nº 1234 está a caminho ✓ — obrigado por comprar conosco"),
        "text": .string("Olá Ana, seu pedido saiu."), "html": .string("<p>Olá <b>Ana</b>, seu pedido saiu.</p>"), "reply_to": .string("help@loja.example"),
    ]

    @Test func sendsAProperMIMEMessageOverSTARTTLSWithAuth() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let result = try await send(mail, via: instance(port: sink.port))
        #expect(result.status == .ok, "\(result.errorMessage ?? "")")
        let messageID = try JSONDecoder().decode([String: String].self, from: result.output)["provider_message_id"]

        let received = try #require(try sink.messages().first)
        #expect(received.tls)
        #expect(received.mail_from == "agent@loja.example")
        #expect(received.rcpt_tos == ["ana@example.com", "bo@example.com", "audit@example.com"])
        #expect(received.headers["subject"] == "Seu pedido nº 1234 está a caminho ✓ — obrigado por comprar conosco")
        #expect(received.headers["from"] == "Loja Ação <agent@loja.example>")
        #expect(received.headers["to"] == "ana@example.com")
        #expect(received.headers["cc"] == "bo@example.com")
        #expect(received.headers["bcc"] == nil, "Bcc travels in the envelope only")
        #expect(received.headers["reply-to"] == "help@loja.example")
        #expect(received.headers["message-id"] == messageID)
        #expect(received.headers["date"]?.hasSuffix("+0000") == true)
        #expect(received.content_type == "multipart/alternative")
        #expect(received.text == "Olá Ana, seu pedido saiu.")
        #expect(received.html == "<p>Olá <b>Ana</b>, seu pedido saiu.</p>")
    }

    /// Every attempt of one gateway message carries the same Message-ID, derived from its id, so mail systems and
    /// readers can drop a repeat.
    @Test func theMessageIDComesFromTheGatewaysIdOnEveryAttempt() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let smtp = try await instance(port: sink.port)
        var input = mail
        input["message_id"] = .string("5b1f7c6e-0d3a-4a8e-9c1e-2f4b6a8d0e12")
        for _ in 0..<2 { #expect(try await send(input, via: smtp).status == .ok) }
        let ids = try sink.messages().map { $0.headers["message-id"] }
        #expect(ids == ["<gateway.5b1f7c6e-0d3a-4a8e-9c1e-2f4b6a8d0e12@loja.example>", "<gateway.5b1f7c6e-0d3a-4a8e-9c1e-2f4b6a8d0e12@loja.example>"])
    }

    /// An agent's reply answers its email: In-Reply-To and References name it; a value that could break out of its
    /// header is refused before anything is sent.
    @Test func aReplyCarriesItsThreadingHeadersAndOnlyWellFormedOnes() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let smtp = try await instance(port: sink.port)
        var input: [String: JSONValue] = ["to": .array([.string("ana@example.com")]), "subject": .string("Re: Pedido 123"), "text": .string("Chega hoje.")]
        input["in_reply_to"] = "<CAF=abc123@mail.example.com>"
        input["references"] = "<CAF=abc123@mail.example.com>"
        #expect(try await send(input, via: smtp).status == .ok)
        let received = try #require(try sink.messages().first)
        #expect(received.headers["in-reply-to"] == "<CAF=abc123@mail.example.com>" && received.headers["references"] == "<CAF=abc123@mail.example.com>")
        input["in_reply_to"] = "<a@b>\r\nBcc: victim@example.com"
        let refused = try await send(input, via: smtp)
        #expect(refused.status == .invalid && refused.errorFieldName == "in_reply_to")
        #expect(try sink.messages().count == 1)
    }

    @Test func aTextOnlyMessageIsOnePart() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let input: [String: JSONValue] = ["to": .array([.string("ana@example.com")]), "subject": .string("hi"), "text": .string("plain")]
        #expect(try await send(input, via: instance(port: sink.port)).status == .ok)
        let received = try #require(try sink.messages().first)
        #expect(received.content_type == "text/plain")
        #expect(received.text == "plain")
    }

    @Test func implicitTLSOnPort465() async throws {
        let sink = try SMTPSink(security: .implicitTLS, login: Self.login, port: 465)
        #expect(try await send(mail, via: instance(port: 465, useTLS: false)).status == .ok)
        #expect(try sink.messages().first?.tls == true)
    }

    @Test func testChecksTheConnectionAndCredentialsWithoutSending() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        #expect(try await instance(port: sink.port).invoke("test", input: Data("{}".utf8), timeoutMs: 10_000).status == .ok)
        let refused = try await instance(port: sink.port, password: "wrong-pass").invoke("test", input: Data("{}".utf8), timeoutMs: 10_000)
        #expect(refused.status == .auth)
        #expect(try sink.messages().isEmpty)
    }

    @Test func useTLSRefusesAServerWithoutSTARTTLS() async throws {
        let sink = try SMTPSink(security: .none)
        let result = try await send(mail, via: instance(port: sink.port, withLogin: false))
        #expect(result.status == .retryable)
        #expect(try sink.messages().isEmpty, "nothing goes out in clear text")
    }

    @Test func anUntrustedCertificateIsRefusedWhenVerifying() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        #expect(try await send(mail, via: instance(port: sink.port, verifyTLS: true)).status == .retryable)
        #expect(try sink.messages().isEmpty)
    }

    @Test func aRefusedRecipientIsPermanentNamingTheAddress() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let input: [String: JSONValue] = ["to": .array([.string("refuse@example.com")]), "subject": .string("s"), "text": .string("t")]
        let result = try await send(input, via: instance(port: sink.port))
        #expect(result.status == .permanent)
        #expect(result.errorMessage == "SMTP server refused: RCPT TO:<refuse@example.com> -> 550 5.1.1 no such user")
    }

    @Test func aTemporaryReplyIsRetryable() async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let input: [String: JSONValue] = ["to": .array([.string("later@example.com")]), "subject": .string("s"), "text": .string("t")]
        #expect(try await send(input, via: instance(port: sink.port)).status == .retryable)
    }

    @Test func anUnreachableServerIsRetryableAndAnExpiredDeadlineTimesOut() async throws {
        let port = try ClosedPort()
        let closed = try await instance(port: port.port)
        #expect(try await send(mail, via: closed).status == .retryable)
        #expect(try await send(mail, via: closed, timeoutMs: 0).status == .timeout)
        withExtendedLifetime(port) {}
    }

    @Test(arguments: [
        (["to": JSONValue.array([.string("ana@example.com")]), "subject": .string("hi\r\nBcc: victim@example.com"), "text": .string("t")], "subject"),
        (["to": .array([.string("ana@example.com>\r\nRCPT TO:<x@example.com")]), "subject": .string("s"), "text": .string("t")], "to.0"),
        (["to": .array([.string("ana@example.com")]), "subject": .string("s")], "text"),
        (["to": .array([]), "subject": .string("s"), "text": .string("t")], "to"),
    ])
    func headerInjectionAndMissingPartsAreInvalid(input: [String: JSONValue], field: String) async throws {
        let sink = try SMTPSink(security: .startTLS, login: Self.login)
        let result = try await send(input, via: instance(port: sink.port))
        #expect(result.status == .invalid)
        #expect(result.errorFieldName == field)
        #expect(try sink.messages().isEmpty)
    }
}
