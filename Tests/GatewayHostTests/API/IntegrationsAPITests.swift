import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// The integrations API end to end: the real HTTP server, the real Uazapi plugin `.so` through the real loader, and a
/// uazapiGO fake that follows the published spec.
@Suite struct IntegrationsAPITests {
    private func whatsappConfig(_ url: String, token: String = FakeUazapi.token, phone: String = "5511999990000") -> String {
        #"{"config":{"api_url":"\#(url)","api_token":"\#(token)","phone_number":"\#(phone)","webhook_secret":"hook-secret-7f3a9b2c1d"}}"#
    }

    private func withGateway(
        clock: WallClock = .system, _ body: @Sendable (TestGateway, String, FakeUazapi, any TestClientProtocol) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: .sqlite) { $0.clock = clock }
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in try await body(gateway, url, fake, client) }
        }
        try await gateway.core.close()
    }

    @Test func configureTestsTheConnectionAndStatusShowsSecretsMasked() async throws {
        let clock = ManualClock()
        try await withGateway(clock: clock.wallClock) { gateway, url, fake, client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url))
            #expect(configured.status == .ok)
            #expect(configured["success"] == .bool(true))
            #expect(configured["integration"]?["status"] == .string("connected"))
            #expect(configured["integration"]?["provider"] == .string("uazapi"))
            #expect(configured["integration"]?["config"]?["api_token"] == .string("****4321"))
            #expect(configured["integration"]?["config"]?["webhook_secret"] == .string("****2c1d"))
            #expect(configured["test"]?["success"] == .bool(true))
            #expect(fake.log.requests.contains { $0.path == "/instance/status" && $0.headers["token"] == FakeUazapi.token })

            let status = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(status.status == .ok)
            #expect(status["integration"]?["config"]?["api_token"] == .string("****4321"))
            #expect(status["integration"]?["config"]?["api_url"] == .string(url), "fields that are not secret come back as they are")
            let firstTest = try #require(status["integration"]?["last_tested_at"]?.stringValue)

            clock.advance(by: 2)
            let tested = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
            #expect(tested.status == .ok)
            #expect(tested["success"] == .bool(true))
            #expect(tested["message"] == .string("Connection successful") && tested["detail"] == .string("connected as 5511999990000"))
            if case .integer(let latency) = tested["latency_ms"] { #expect(latency >= 0) } else { Issue.record("latency_ms is not an integer") }
            let after = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(after["integration"]?["last_tested_at"]?.stringValue != firstTest, "test updates last_tested_at")
        }
    }

    @Test func secretsAreSealedAtRestAndOnlyThoseTheManifestMarks() async throws {
        try await withGateway { gateway, url, _, client in
            let token = try await gateway.token("acme")
            _ = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url))
            let stored = try #require(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp))
            let config = try stored.configFields()
            #expect(config["api_token"]?.stringValue.map(Vault.isSealed) == true)
            #expect(config["webhook_secret"]?.stringValue.map(Vault.isSealed) == true)
            #expect(config["phone_number"] == .string("5511999990000"), "not a secret: stored as is")
            #expect(!stored.config.contains(FakeUazapi.token))
            #expect(!stored.config.contains("hook-secret-7f3a9b2c1d"))
        }
    }

    @Test func aConfigThePluginRefusesIsAValidationErrorNamingTheField() async throws {
        try await withGateway { gateway, url, _, client in
            let token = try await gateway.token("acme")
            let badURL = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"config":{"api_url":"ftp://nope","api_token":"t","phone_number":"5511999990000"}}"#
            )
            #expect(badURL.status == .unprocessableContent)
            #expect(badURL["error_code"] == .string("VALIDATION_ERROR"))
            #expect(badURL["details"]?["field"] == .string("config.api_url"))

            let unknown = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token, json: #"{"config":{"api_url":"\#(url)","password":"x"}}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown["details"]?["field"] == .string("config.password"), "an unknown field could be a secret stored in the clear")

            let noProvider = try await client.call(.post, "/api/integrations/email/configure", token: token, json: #"{"config":{}}"#)
            #expect(noProvider["details"]?["field"] == .string("provider"))
            let wrongKind = try await client.call(
                .post, "/api/integrations/email/configure", token: token, json: #"{"provider":"uazapi","config":{}}"#)
            #expect(wrongKind.status == .unprocessableContent)
            #expect(wrongKind["details"]?["field"] == .string("provider"))
            let notLoaded = try await client.call(
                .post, "/api/integrations/email/configure", token: token, json: #"{"provider":"carrier_pigeon","config":{}}"#)
            #expect(notLoaded["details"]?["field"] == .string("provider"))
            let wrongType = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: #"{"config":"all of it"}"#)
            #expect(wrongType["details"]?["field"] == .string("config"))
            #expect(try await gateway.core.store.integrations(clientID: "acme").isEmpty, "nothing refused was stored")
        }
    }

    @Test func refusedCredentialsAreTheSeedsErrorAndNothingIsKept() async throws {
        try await withGateway { gateway, url, _, client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url, token: "wrong-token-000000"))
            #expect(configured.status == .badRequest, "\(configured.text)")
            #expect(configured["success"] == .bool(false) && configured["error_code"] == .string("INVALID_CREDENTIALS"))
            #expect(configured["error"]?.stringValue?.isEmpty == false && !configured.text.contains("wrong-token-000000"))
            #expect(try await client.call(.get, "/api/integrations/whatsapp/status", token: token).status == .notFound)

            // Unreachable: CONNECTION_FAILED. With test false the config is kept untested, and its test then fails.
            let closedPort = try ClosedPort()
            let closed = "http://127.0.0.1:\(closedPort.port)"
            let unreachable = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(closed))
            #expect(unreachable["error_code"] == .string("CONNECTION_FAILED"), "\(unreachable.text)")
            let untested = #"{"api_url":"\#(closed)","api_token":"t-000000000","phone_number":"5511999990000","test":false}"#
            #expect(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: untested).status == .ok)
            let status = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(status["status"] == .string("configured") && status["last_tested_at"] == .null)
            #expect(try await client.call(.post, "/api/integrations/whatsapp/test", token: token)["error_code"] == .string("CONNECTION_FAILED"))
            withExtendedLifetime(closedPort) {}
            let after = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(after["status"] == .string("error") && after["integration"]?["last_error"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func reconfiguringRebuildsTheInstanceAndKeepsSecretsLeftOut() async throws {
        try await withGateway { gateway, url, fake, client in
            let token = try await gateway.token("acme")
            _ = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url))
            let first = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)

            // No api_token: the stored one is kept, and the new phone number is used.
            let kept = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"name":"Shop","config":{"api_url":"\#(url)","phone_number":"5511988887777"}}"#
            )
            #expect(kept["test"]?["success"] == .bool(true))
            #expect(kept["integration"]?["id"] == first["integration"]?["id"])
            #expect(kept["integration"]?["name"] == .string("Shop"))
            #expect(kept["integration"]?["config"]?["phone_number"] == .string("5511988887777"))
            #expect(kept["integration"]?["config"]?["api_token"] == .string("****4321"))

            // A new token the provider refuses: refused, and the integration keeps working with the old one.
            let replaced = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url, token: "another-token-99999"))
            #expect(replaced["error_code"] == .string("INVALID_CREDENTIALS"))
            #expect(try await client.call(.post, "/api/integrations/whatsapp/test", token: token)["success"] == .bool(true))

            // Kept untested: the cached instance is replaced, so the test now uses (and fails with) the new token.
            let untested = #"{"config":{"api_url":"\#(url)","api_token":"another-token-99999","phone_number":"5511999990000"},"test":false}"#
            #expect(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: untested).status == .ok)
            let earlier = fake.log.requests.count
            let retested = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
            #expect(retested["success"] == .bool(false))
            let since = fake.log.requests.dropFirst(earlier)
            #expect(!since.isEmpty)
            #expect(since.allSatisfy { $0.headers["token"] == "another-token-99999" })
        }
    }

    @Test func deleteRemovesTheIntegration() async throws {
        try await withGateway { gateway, url, _, client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: whatsappConfig(url))
            let id = try #require(configured["integration"]?["id"]?.stringValue)
            let list = try await client.call(.get, "/api/integrations", token: token)
            #expect(list["integrations"].map { if case .array(let items) = $0 { items.count } else { 0 } } == 1)
            let deleted = try await client.call(.delete, "/api/integrations/\(id)", token: token)
            #expect(deleted.status == .ok)
            #expect(deleted["id"] == .string(id))
            let status = try await client.call(.get, "/api/integrations/whatsapp/status", token: token)
            #expect(status.status == .notFound)
            #expect(status["error_code"] == .string("INTEGRATION_NOT_FOUND"))
            #expect(try await client.call(.delete, "/api/integrations/\(id)", token: token).status == .notFound)
            #expect(try await client.call(.post, "/api/integrations/whatsapp/test", token: token)["error_code"] == .string("INTEGRATION_NOT_FOUND"))
        }
    }
}
