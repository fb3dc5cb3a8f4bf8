import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// A whole session of API use (configure, status, test, list, failures, keys, delete) on both backends: no response
/// and no log line carries a secret the session used.
@Suite struct SecretsNeverLeakTests {
    @Test(arguments: TestStore.Backend.allCases)
    func noResponseOrLogLineCarriesASecret(_ backend: TestStore.Backend) async throws {
        let gateway = try await TestGateway.start(backend)
        let fake = FakeUazapi()
        let webhookSecret = "hook-secret-never-shown-5e6f"
        let wrongToken = "wrong-instance-token-a1b2c3"
        var secrets = [FakeUazapi.token, webhookSecret, wrongToken, TestGateway.jwtSecret]
        if let key = gateway.configuration.encryptionKey { secrets.append(key) }
        let responses = try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let admin = try await gateway.token("ops", role: .admin)
                func config(_ apiToken: String) -> String {
                    #"{"config":{"api_url":"\#(url)","api_token":"\#(apiToken)","phone_number":"5511999990000","webhook_secret":"\#(webhookSecret)"}}"#
                }
                var texts: [String] = []
                texts.append(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: config(FakeUazapi.token)).text)
                texts.append(try await client.call(.get, "/api/integrations/whatsapp/status", token: token).text)
                texts.append(try await client.call(.post, "/api/integrations/whatsapp/test", token: token).text)
                texts.append(try await client.call(.get, "/api/integrations", token: token).text)
                texts.append(try await client.call(.get, "/api/integrations?client_id=acme", token: admin).text)
                texts.append(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: config(wrongToken)).text)
                texts.append(try await client.call(.post, "/api/integrations/whatsapp/test", token: token).text)
                texts.append(
                    try await client.call(
                        .post, "/api/integrations/whatsapp/configure", token: token,
                        json: #"{"config":{"api_url":"ftp://x","api_token":"\#(FakeUazapi.token)","phone_number":"5511999990000"}}"#
                    ).text
                )
                let created = try await client.call(.post, "/api/keys", token: token, json: #"{"name":"agent"}"#)
                let key = try #require(created["key"]?.stringValue)
                texts.append(try await client.call(.get, "/api/keys", token: key).text)
                texts.append(try await client.call(.get, "/api/audit", token: key).text)
                let id = try #require(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp)?.id)
                texts.append(try await client.call(.delete, "/api/integrations/\(id)", token: key).text)
                return (texts, key)
            }
        }
        try await gateway.core.close()
        let (texts, apiKey) = responses
        secrets.append(String(apiKey.split(separator: "_").last!))
        let logs = gateway.logs.recorded
        #expect(logs.contains { $0.contains("connection tested") }, "the session was logged")
        for secret in secrets {
            #expect(!texts.contains { $0.contains(secret) }, "a response carried a secret")
            #expect(!logs.contains { $0.contains(secret) }, "a log line carried a secret")
        }
    }
}
