import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// API calls per client and per API key, and sends per client, as token buckets shared through Redis: each answer
/// says where its buckets stand, over a limit is 429 with Retry-After, an admin sets each client's limits, and one
/// client's use never spends another's.
@Suite struct RequestLimitsTests {
    private func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.headers, (try? JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: response.body).utf8))) ?? .null)
        }
    }

    @Test(arguments: [TestQueue.sqlite, .redis])
    func callsAndSendsAreLimitedPerClientAndKey(_ backend: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: backend) { $0.delivery.pollInterval = .milliseconds(20) }
        let uazapi = FakeUazapi()
        try await LocalServer.run(uazapi.router) { url in
            try await gateway.app.test(.live) { client in
                let admin = try await gateway.token("ops", role: .admin)
                let (acme, globex) = (try await gateway.token("acme"), try await gateway.token("globex"))
                let set = try await call(client, .put, "/api/clients/acme/limits", token: admin, json: #"{"api_per_minute":4,"sends_per_minute":1}"#)
                #expect(set.status == .ok && set.body["limits"] == ["webhooks_per_minute": 1_000, "api_per_minute": 4, "sends_per_minute": 1, "events_per_minute": 60_000])
                let refused = try await call(client, .put, "/api/clients/acme/limits", token: admin, json: #"{"sends_per_minute":0}"#)
                #expect(refused.status == .unprocessableContent && refused.body["details"]?["field"] == "sends_per_minute")
                let tooMany = try await call(client, .put, "/api/clients/acme/limits", token: admin, json: #"{"events_per_minute":1000001}"#)
                #expect(tooMany.status == .unprocessableContent && tooMany.body["details"]?["field"] == "events_per_minute")

                #expect(try await client.configureWhatsApp(token: acme, url: url).status == .ok)  // call 1
                let first = try await call(
                    client, .post, "/api/integrations/whatsapp/send", token: acme, json: #"{"phone":"5511988887777","message":"1"}"#)
                #expect(first.status == .accepted)
                #expect(first.headers[values: RequestLimits.policyHeader].contains(#""api";q=4;w=60"#))
                #expect(first.headers[values: RequestLimits.policyHeader].contains(#""sends";q=1;w=60"#))
                #expect(first.headers[values: RequestLimits.stateHeader].contains { $0.hasPrefix(#""api";r=2;t="#) }, "\(first.headers)")
                let second = try await call(
                    client, .post, "/api/integrations/whatsapp/send", token: acme, json: #"{"phone":"5511988887777","message":"2"}"#)
                #expect(
                    second.status == .tooManyRequests && second.body["error_code"] == "RATE_LIMIT_EXCEEDED"
                        && second.body["details"]?["limit"] == "sends")
                #expect(Int(second.headers[.retryAfter] ?? "") ?? 0 >= 1, "\(second.headers)")

                let fourth = try await call(client, .get, "/api/integrations", token: acme)
                #expect(fourth.status == .ok)
                let fifth = try await call(client, .get, "/api/integrations", token: acme)
                #expect(fifth.status == .tooManyRequests && fifth.body["details"]?["limit"] == "api", "\(fifth.body)")
                #expect(fifth.headers[values: RequestLimits.stateHeader].contains { $0.hasPrefix(#""api";r=0;t="#) })
                #expect(Int(fifth.headers[.retryAfter] ?? "") ?? 0 >= 1)

                // Another client has its own buckets; an API key's calls also take from the key's.
                let theirs = try await call(client, .get, "/api/integrations", token: globex)
                #expect(theirs.status == .ok && theirs.headers[values: RequestLimits.policyHeader].contains(#""api";q=600;w=60"#))
                let key = try #require(try await call(client, .post, "/api/keys", token: globex, json: #"{"name":"agent"}"#).body["key"]?.stringValue)
                let byKey = try await call(client, .get, "/api/integrations", token: key)
                #expect(byKey.headers[values: RequestLimits.stateHeader].contains { $0.contains(#""api_key";r=599;"#) }, "\(byKey.headers)")
            }
        }
    }
}
