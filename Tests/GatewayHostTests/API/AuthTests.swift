import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Bearer tokens, API keys, roles and acting for a client.
@Suite struct AuthTests {
    private func withGateway(_ body: @Sendable (TestGateway, any TestClientProtocol) async throws -> Void) async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in try await body(gateway, client) }
        try await gateway.core.close()
    }

    @Test func requestsWithoutValidCredentialsAreUnauthorizedInTheEnvelope() async throws {
        try await withGateway { gateway, client in
            let otherSecret = try await TokenAuthority(secret: "another-secret-that-is-long-enough-000", ttlSeconds: 60)
            let forged = try await otherSecret.issue(subject: "x", clientID: "acme", role: .admin)
            _ = try await gateway.token("acme")
            let expired = try await gateway.core.tokens.issue(
                subject: "x", clientID: "acme", role: .admin, ttlSeconds: 60, now: Date().addingTimeInterval(-3_600))
            for token in [nil, "", "garbage", forged, expired, "gwk_nokey_nosecret"] {
                let response = try await client.call(.get, "/api/integrations", token: token)
                #expect(response.status == .unauthorized, "\(token ?? "no token")")
                #expect(response["error_code"] == .string("UNAUTHORIZED"))
                #expect(response["success"] == .bool(false))
            }
            #expect(try await client.call(.get, "/health", token: nil).status == .ok, "health needs no credentials")
        }
    }

    @Test func aClientCannotUseAdminRoutes() async throws {
        try await withGateway { gateway, client in
            let token = try await gateway.token("acme")
            let response = try await client.call(.get, "/api/clients", token: token)
            #expect(response.status == .forbidden)
            #expect(response["error_code"] == .string("FORBIDDEN"))
            let created = try await client.call(.post, "/api/clients", token: token, json: #"{"id":"evil","name":"x"}"#)
            #expect(created.status == .forbidden)
            #expect(try await gateway.core.store.client(id: "evil") == nil)
        }
    }

    @Test func anAdminCreatesClientsAndActsForThemWithClientID() async throws {
        try await withGateway { gateway, client in
            let admin = try await gateway.token("ops", role: .admin)
            let created = try await client.call(.post, "/api/clients", token: admin, json: #"{"id":"globex","name":"Globex"}"#)
            #expect(created.status == .created)
            #expect(try await client.call(.post, "/api/clients", token: admin, json: #"{"id":"globex","name":"Again"}"#).status == .conflict)
            #expect(
                try await client.call(.post, "/api/clients", token: admin, json: #"{"id":"Bad Id!","name":"x"}"#)["details"]?["field"]
                    == .string("id"))
            let list = try await client.call(.get, "/api/clients", token: admin)
            #expect(list.text.contains("globex"))

            let key = try await client.call(.post, "/api/keys?client_id=globex", token: admin, json: #"{"name":"for globex"}"#)
            #expect(key.status == .created)
            #expect(try await gateway.core.store.apiKeys(clientID: "globex").map(\.name) == ["for globex"])
            #expect(try await gateway.core.store.apiKeys(clientID: "ops").isEmpty)
            #expect(try await client.call(.get, "/api/keys?client_id=nobody", token: admin).status == .notFound)
        }
    }

    @Test func aClientNamingAnotherClientIsNotFound() async throws {
        try await withGateway { gateway, client in
            let acme = try await gateway.token("acme")
            _ = try await gateway.token("globex")
            let response = try await client.call(.get, "/api/integrations?client_id=globex", token: acme)
            #expect(response.status == .notFound)
            #expect(response["error_code"] == .string("NOT_FOUND"))
        }
    }

    @Test func anAPIKeyAuthenticatesItsClientUntilRevokedAndIsStoredOnlyHashed() async throws {
        try await withGateway { gateway, client in
            let token = try await gateway.token("acme")
            let created = try await client.call(.post, "/api/keys", token: token, json: #"{"name":"support agent"}"#)
            let key = try #require(created["key"]?.stringValue)
            let id = try #require(created["api_key"]?["id"]?.stringValue)
            #expect(key.hasPrefix("gwk_"))

            #expect(try await client.call(.get, "/api/integrations", token: key).status == .ok)
            let listed = try await client.call(.get, "/api/keys", token: key)
            #expect(listed.text.contains("support agent"))
            #expect(!listed.text.contains(key.split(separator: "_").last!), "the key is shown once, never listed")
            let stored = try #require(try await gateway.core.store.apiKey(id: id))
            #expect(!stored.keyHash.contains(String(key.split(separator: "_").last!)))
            #expect(try await client.call(.get, "/api/clients", token: key).status == .forbidden, "an API key is never an admin")

            let tampered = String(key.dropLast()) + (key.last == "A" ? "B" : "A")
            #expect(try await client.call(.get, "/api/integrations", token: tampered).status == .unauthorized)

            #expect(try await client.call(.delete, "/api/keys/\(id)", token: token).status == .ok)
            #expect(try await client.call(.get, "/api/integrations", token: key).status == .unauthorized)
            let trail = try await gateway.core.store.auditLog(clientID: "acme", limit: 10).map(\.action)
            #expect(trail.prefix(2) == ["api_key.revoke", "api_key.create"])
        }
    }
}
