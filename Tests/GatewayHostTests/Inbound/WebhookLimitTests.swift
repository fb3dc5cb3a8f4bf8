import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Webhook limits: per client (set by an admin), per source address for deliveries that name no integration, and
/// shared by every process through Redis.
@Suite struct WebhookLimitTests {
    @Test func aClientOverItsWebhookLimitGets429WithRetryAfterAndOthersDoNot() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite)
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let admin = try await gateway.token("ops", role: .admin)
                #expect(try await client.configureWhatsApp(token: token, url: url).status == .ok)
                let set = try await client.call(.put, "/api/clients/acme/limits", token: admin, json: #"{"webhooks_per_minute":5}"#)
                #expect(set.status == .ok && set["limits"]?["webhooks_per_minute"] == 5, "\(set.text)")
                #expect(
                    try await client.call(.put, "/api/clients/acme/limits", token: token, json: #"{"webhooks_per_minute":100000}"#).status
                        == .forbidden)
                #expect(try await client.call(.put, "/api/clients/nobody/limits", token: admin, json: "{}").status == .notFound)

                var statuses: [HTTPResponse.Status] = []
                var retryAfter: String?
                for index in 0..<7 {
                    let body = try UazapiDeliveries.message(id: "LIMIT-\(index)")
                    try await client.execute(uri: "/webhooks/uazapi", method: .post, body: ByteBuffer(string: body)) { response in
                        statuses.append(response.status)
                        if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
                    }
                }
                #expect(statuses.prefix(5).allSatisfy { $0 == .ok } && statuses.suffix(2).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
                #expect(retryAfter.flatMap(Int.init).map { (1...60).contains($0) } == true, "Retry-After: \(retryAfter ?? "none")")
                let events = try await client.call(.get, "/api/events", token: token)
                #expect(events["events"]?.arrayValue?.count == 5, "refused deliveries are not recorded (the provider retries them)")

                // Forged deliveries naming globex's integration do not spend globex's limit.
                let globex = try await gateway.token("globex")
                #expect(try await client.configureWhatsApp(token: globex, url: url, instance: "-globex").status == .ok)
                #expect(try await client.call(.put, "/api/clients/globex/limits", token: admin, json: #"{"webhooks_per_minute":3}"#).status == .ok)
                let integration = try #require(try await gateway.core.store.integration(clientID: "globex", type: .whatsapp))
                for index in 0..<10 {
                    let forged = try UazapiDeliveries.message(id: "FORGED-\(index)", token: "forged")
                    #expect(try await client.deliver("/webhooks/uazapi/\(integration.id)", forged).status == .unauthorized)
                }
                for index in 0..<3 {
                    let genuine = try UazapiDeliveries.message(id: "GENUINE-\(index)", token: FakeUazapi.token + "-globex")
                    #expect(try await client.deliver("/webhooks/uazapi", genuine).status == .ok, "genuine delivery \(index)")
                }
            }
        }
    }

    @Test func deliveriesForNoIntegrationAreLimitedPerAddress() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite)
        try await gateway.app.test(.live) { client in
            // The bucket refills while the requests run (slowly on a loaded machine): a refusal comes after at least the
            // bucket's worth of 404s.
            var answered404 = 0
            var refused: APIResponse?
            while refused == nil, answered404 < 3 * ClientLimits.unauthenticatedWebhooksPerAddress {
                let unknown = try await client.deliver("/webhooks/uazapi/\(UUID().uuidString.lowercased())", "{}")
                if unknown.status == .tooManyRequests { refused = unknown } else { answered404 += 1 }
                #expect(unknown.status == .notFound || unknown.status == .tooManyRequests)
            }
            #expect(answered404 >= ClientLimits.unauthenticatedWebhooksPerAddress)
            #expect(refused?["error_code"] == "RATE_LIMIT_EXCEEDED")
        }
    }

    @Test func processesShareALimitThroughRedis() async throws {
        let prefix = "test-\(UUID().uuidString.prefix(8)):"
        let address = try RedisAddress(url: try TestQueue.redisURL())
        let first = RedisRateLimiter(redis: try RedisClient(address: address, connections: 1), prefix: prefix)
        let second = RedisRateLimiter(redis: try RedisClient(address: address, connections: 1), prefix: prefix)
        // Two a minute: a token comes back every 30 s, longer than a loaded machine takes for these calls.
        var taken = 0
        for limiter in [first, second, first] where try await limiter.take(key: "webhooks:client:acme", perMinute: 2).wait == nil {
            taken += 1
        }
        #expect(taken == 2, "two a minute between both processes")
        let refused = try await second.take(key: "webhooks:client:acme", perMinute: 2)
        let wait = try #require(refused.wait)
        #expect(wait > .zero && wait <= .seconds(30) && refused.remaining == 0)
        #expect(refused.reset > .seconds(30) && refused.reset <= .seconds(60), "the bucket is full again within the minute: \(refused.reset)")
        let other = try await first.take(key: "webhooks:client:globex", perMinute: 2)
        #expect(other.wait == nil && other.remaining == 1, "another key has its own bucket")

        let local = LocalRateLimiter()
        for left in (0..<4).reversed() {
            let taken = try await local.take(key: "k", perMinute: 4)
            #expect(taken.wait == nil && taken.remaining == left)
        }
        #expect(try await local.take(key: "k", perMinute: 4).wait != nil)

        // Several at once (a delivery's events): taken together or not at all; more than the limit take a full bucket.
        for limiter in [first, local] as [any RateLimiter] {
            let key = "events:client:\(UUID().uuidString)"
            let three = try await limiter.take(key: key, perMinute: 5, count: 3)
            #expect(three.wait == nil && three.remaining == 2, "\(limiter): \(three)")
            let tooMany = try await limiter.take(key: key, perMinute: 5, count: 3)
            #expect(tooMany.wait.map { $0 > .seconds(10) } == true, "\(limiter): one more fits in 12 s, three in 12 s more: \(tooMany)")
            #expect(try await limiter.take(key: key, perMinute: 5, count: 2).wait == nil, "the two left are taken")
            let batch = "events:client:\(UUID().uuidString)"
            #expect(try await limiter.take(key: batch, perMinute: 5, count: 50).wait == nil, "a batch over the limit takes a full bucket")
            #expect(try await limiter.take(key: batch, perMinute: 5).wait != nil, "and leaves it empty")

            // Several buckets in one step (a delivery and its events): taken in turn up to the first without room,
            // and none after it.
            let (open, empty, later) = ("a:\(UUID().uuidString)", batch, "c:\(UUID().uuidString)")
            let decisions = try await limiter.take([
                RateRequest(key: open, perMinute: 5), RateRequest(key: empty, perMinute: 5), RateRequest(key: later, perMinute: 5),
            ])
            #expect(decisions.map { $0.wait == nil } == [true, false], "\(limiter): \(decisions)")
            #expect(try await limiter.take(key: open, perMinute: 5).remaining == 3, "the first was taken")
            #expect(try await limiter.take(key: later, perMinute: 5).remaining == 4, "the one after the refusal was not")
        }
    }

    /// Events written a minute per client: a delivery's events are taken together, refused 429 whole when they do not
    /// fit (the provider delivers again); events the client reports take from the same budget.
    @Test func eventsAreBudgetedPerClient() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: [try CProviders.misbehaving("WEBHOOK_ECHO")])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let admin = try await gateway.token("ops", role: .admin)
            let configured = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"provider":"misbehaving_webhook_echo","config":{"token":"t-1234"},"test":false}"#)
            #expect(configured.status == .ok, "\(configured.text)")
            let set = try await client.call(.put, "/api/clients/acme/limits", token: admin, json: #"{"events_per_minute":10}"#)
            #expect(set.status == .ok && set["limits"]?["events_per_minute"] == 10, "\(set.text)")
            let integration = try #require(try await gateway.core.store.integration(clientID: "acme", type: .whatsapp))
            let path = "/webhooks/misbehaving_webhook_echo/\(integration.id)"
            func delivery(_ ids: Range<Int>) -> String {
                let received: [JSONValue] = ids.map {
                    ["type": "message_received", "from": "5511988887777", "text": "hi", "provider_message_id": .string("IN-\($0)")]
                }
                return JSONValue.object(["events": .array(received)]).jsonText
            }

            #expect(try await client.deliver(path, delivery(0..<6)).status == .ok)
            let refused = try await client.deliver(path, delivery(6..<12))
            #expect(refused.status == .tooManyRequests && refused["error_code"] == "RATE_LIMIT_EXCEEDED", "\(refused.text)")
            #expect(try await client.deliver(path, delivery(12..<13)).status == .ok, "one more event still fits")
            let events = try await client.call(.get, "/api/events", token: token)["events"]?.arrayValue ?? []
            #expect(events.count == 7, "the refused delivery wrote nothing: \(events.count)")

            let conversation = try #require(events.first?["conversation_id"]?.stringValue)
            let report = #"{"conversation_id":"\#(conversation)","type":"lead_updated"}"#
            // Three fit; one more comes back every 6 s, far slower than these calls.
            var reported = 0
            var refusal: APIResponse?
            while refusal == nil, reported < 10 {
                let answer = try await client.call(.post, "/api/events", token: token, json: report)
                if answer.status == .created { reported += 1 } else { refusal = answer }
            }
            #expect((3...5).contains(reported), "reported events share the budget: \(reported) taken")
            #expect(refusal?.status == .tooManyRequests && refusal?["details"]?["limit"] == "events", "\(refusal?.text ?? "none")")
        }
    }
}
