import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// An API key exchanged for a 30-minute access token and a refresh token; refreshing rotates the pair; reusing a spent
/// refresh token revokes its family; revoking the key or the token ends refreshing; refresh tokens are stored hashed.
@Suite struct TokenLifecycleTests {
    @Test(arguments: [TestStore.Backend.sqlite, .postgres])
    func anAPIKeyIsExchangedRefreshedAndRevoked(_ backend: TestStore.Backend) async throws {
        let gateway = try await TestGateway.start(backend, plugins: [])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let created = try await client.call(.post, "/api/keys", token: token, json: #"{"name":"agent"}"#)
            let key = try #require(created["key"]?.stringValue)
            let keyID = try #require(created["api_key"]?["id"]?.stringValue)

            let exchanged = try await client.call(.post, "/api/auth/token", token: key)
            #expect(exchanged.status == .ok && exchanged["token_type"] == "Bearer" && exchanged["expires_in"] == 1_800, "\(exchanged.text)")
            let access = try #require(exchanged["access_token"]?.stringValue)
            let refresh = try #require(exchanged["refresh_token"]?.stringValue)
            #expect(refresh.hasPrefix("gwr_"))
            #expect(try await client.call(.get, "/api/integrations", token: access).status == .ok, "the access token works")
            #expect(try await client.call(.post, "/api/auth/token", token: access).status == .forbidden, "only an API key is exchanged")

            // Refreshing answers a new pair; the spent token used again revokes the whole family.
            let renewed = try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(refresh)"}"#)
            let next = try #require(renewed["refresh_token"]?.stringValue, "\(renewed.text)")
            #expect(next != refresh && renewed["access_token"]?.stringValue != nil)
            let replayed = try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(refresh)"}"#)
            #expect(replayed.status == .unauthorized && replayed["error_code"] == "UNAUTHORIZED")
            #expect(
                try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(next)"}"#).status == .unauthorized,
                "its family went with it")

            // A guess with a real id and a wrong secret changes nothing; revoking a family ends it.
            let fresh = try #require(try await client.call(.post, "/api/auth/token", token: key)["refresh_token"]?.stringValue)
            let id = fresh.dropFirst(4).split(separator: "_")[0]
            #expect(
                try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"gwr_\#(id)_guess"}"#).status == .unauthorized)
            let kept = try #require(
                try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(fresh)"}"#)["refresh_token"]?.stringValue)
            #expect(try await client.call(.post, "/api/auth/revoke", token: nil, json: #"{"refresh_token":"\#(kept)"}"#).status == .ok)
            #expect(try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(kept)"}"#).status == .unauthorized)
            #expect(try await client.call(.post, "/api/auth/revoke", token: nil, json: #"{"refresh_token":"gwr_nothing_here"}"#).status == .ok)

            // Revoking the API key ends refreshing from it.
            let last = try #require(try await client.call(.post, "/api/auth/token", token: key)["refresh_token"]?.stringValue)
            #expect(try await client.call(.delete, "/api/keys/\(keyID)", token: token).status == .ok)
            #expect(try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"\#(last)"}"#).status == .unauthorized)
            #expect(try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh_token":"not a token"}"#).status == .unauthorized)
            let malformed = try await client.call(.post, "/api/auth/refresh", token: nil, json: #"{"refresh":1}"#)
            #expect(malformed.status == .unprocessableContent && malformed["details"]?["field"] == "refresh_token", "\(malformed.text)")

            // Only hashes are stored.
            let stored = try #require(try await gateway.core.store.refreshToken(id: String(last.dropFirst(4).split(separator: "_")[0])))
            #expect(stored.clientID == "acme" && stored.apiKeyID == keyID && !last.contains(stored.secretHash))
            #expect(!stored.secretHash.isEmpty && !(last.split(separator: "_").last.map { stored.secretHash.contains($0) } ?? true))
        }
    }
}
