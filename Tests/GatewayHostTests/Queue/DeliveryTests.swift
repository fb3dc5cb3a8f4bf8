import Foundation
@testable import GatewayHost
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Sends through the real HTTP API, the real worker, the real Uazapi `.so` and the spec-following uazapi fake, on
/// every queue backend: the retry schedule, no retry for 4xx answers, 429 with Retry-After, the circuit breaker,
/// idempotency, dead letters and replay, pacing.
@Suite struct DeliveryTests {
    /// Runs `body` with the gateway (workers on, `adjust`ed settings), the fake, and a token of client `acme` whose
    /// whatsapp integration points at the fake.
    private func withDelivery(
        _ backend: TestQueue, configure extra: String = "", adjust: @escaping (inout DeliverySettings) -> Void = { _ in },
        _ body: @Sendable (TestGateway, FakeUazapi, any TestClientProtocol, String) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            adjust(&configuration.delivery)
        }
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let configured = try await client.call(
                    .post, "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig(url, extra: #","test":false\#(extra)"#)
                )
                #expect(configured.status == .ok, "\(configured.text)")
                try await body(gateway, fake, client, token)
            }
        }
    }

    private func send(_ client: any TestClientProtocol, _ token: String, text: String = "Seu pedido saiu", key: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        let json = #"{"phone":"+55 11 98888-7777","message":"\#(text)"}"#
        return try await client.execute(uri: "/api/integrations/whatsapp/send", method: .post, headers: headers, body: ByteBuffer(string: json)) { response in
            let text = String(buffer: response.body)
            var body = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:]
            if let replayed = response.headers[HTTPField.Name("Idempotent-Replayed")!] { body["replayed_header"] = .string(replayed) }
            return APIResponse(status: response.status, body: body, text: text)
        }
    }

    private func sends(_ fake: FakeUazapi) -> [RecordedRequest] {
        fake.log.requests.filter { $0.path == "/send/text" }
    }

    @Test(arguments: TestQueue.allCases)
    func aSendIsQueuedAtOnceThenSentWithTheProviderId(_ backend: TestQueue) async throws {
        try await withDelivery(backend) { gateway, fake, client, token in
            let accepted = try await send(client, token)
            #expect(accepted.status == .accepted)
            #expect(accepted["success"] == .bool(true) && accepted["status"] == .string("queued"))
            let id = try #require(accepted["message_id"]?.stringValue)
            _ = try await gateway.waitForMessage("acme", id, toBe: [.sent])

            let status = try await client.call(.get, "/api/messages/\(id)", token: token)
            #expect(status.status == .ok)
            #expect(status["message"]?["status"] == .string("sent"))
            #expect(status["message"]?["attempts"] == .integer(1))
            #expect(status["message"]?["sent_at"]?.stringValue != nil)
            let request = try #require(sends(fake).first)
            #expect(request.body["number"] == .string("5511988887777") && request.body["text"] == .string("Seu pedido saiu"))
            #expect(request.body["track_id"] == .string(id), "the message is tagged with the gateway's id")
            #expect(fake.deliveries(of: id) == 1)
            let providerID = try #require(status["message"]?["provider_message_id"]?.stringValue)
            #expect(providerID.hasPrefix("3EB0"))
            #expect(!status.text.contains("Seu pedido saiu"), "the status never shows the content")
        }
    }

    /// The provider has the message at once but answers after 3 s; the send times out at 1 s. The job is in doubt:
    /// after waiting for the provider to settle, `find_sent` finds the message, and it is not sent again.
    @Test(arguments: TestQueue.allCases)
    func aSendThatTimesOutAfterTheProviderAcceptedItIsNotSentAgain(_ backend: TestQueue) async throws {
        try await withDelivery(
            backend, adjust: { $0.sendTimeout = .seconds(1); $0.retryBackoff = [.milliseconds(200), .milliseconds(200), .milliseconds(200)] }
        ) { gateway, fake, client, token in
            fake.setSendDelay(.seconds(3))
            let id = try #require(try await send(client, token)["message_id"]?.stringValue)
            let settled = try await gateway.waitForMessage("acme", id, toBe: [.sent, .dead, .failed], within: .seconds(20))
            #expect(settled.status == .sent)
            #expect(fake.deliveries(of: id) == 1, "the customer got it once")
            #expect(!fake.log.requests.filter { $0.path == "/message/find" }.isEmpty, "the provider was asked before any resend")
        }
    }

    /// The provider takes longer than the lease; the worker renews it while the send is in flight, so no other
    /// worker takes the job, and nothing is looked up or sent twice.
    @Test(arguments: TestQueue.allCases)
    func aSlowSendKeepsItsLeaseWhileInFlight(_ backend: TestQueue) async throws {
        // A lease several renewals long, so a loaded machine's scheduling hiccup cannot outlast it.
        try await withDelivery(backend, adjust: { $0.lease = .seconds(3); $0.sendTimeout = .seconds(12) }) { gateway, fake, client, token in
            fake.setSendDelay(.seconds(7))
            let id = try #require(try await send(client, token)["message_id"]?.stringValue)
            let sent = try await gateway.waitForMessage("acme", id, toBe: [.sent, .dead, .failed])
            #expect(sent.status == .sent && sent.attempts == 1)
            #expect(fake.deliveries(of: id) == 1 && fake.log.requests.filter { $0.path == "/message/find" }.isEmpty)
        }
    }

    @Test(arguments: TestQueue.allCases)
    func retryableFailuresRetryOnTheBackoffScheduleThenSucceed(_ backend: TestQueue) async throws {
        try await withDelivery(backend, adjust: { $0.retryBackoff = [.milliseconds(200), .milliseconds(400), .milliseconds(800)] }) { gateway, fake, client, token in
            for _ in 0..<3 { fake.log.script(503, body: #"{"error":"instance busy"}"#) }
            let id = try #require(try await send(client, token)["message_id"]?.stringValue)
            let sent = try await gateway.waitForMessage("acme", id, toBe: [.sent, .dead])
            #expect(sent.status == .sent && sent.attempts == 4)
            let times = sends(fake).map(\.receivedAt)
            #expect(times.count == 4)
            let gaps = zip(times, times.dropFirst()).map { $0.duration(to: $1) }
            for (gap, wait) in zip(gaps, [200, 400, 800]) {
                #expect(gap >= .milliseconds(wait), "retry waited \(gap), at least \(wait) ms expected")
                // Well under the default schedule's waits (1 s, 5 s, 25 s), with room for a loaded machine.
                #expect(gap < .milliseconds(wait) + .seconds(4), "retry waited \(gap): the schedule, not much more")
            }
        }
    }

    @Test(arguments: TestQueue.allCases)
    func retriesRunOutIntoADeadLetterThatCanBeListedAndReplayed(_ backend: TestQueue) async throws {
        try await withDelivery(backend, adjust: { $0.retryBackoff = [.milliseconds(50), .milliseconds(50), .milliseconds(50)] }) { gateway, fake, client, token in
            for _ in 0..<4 { fake.log.script(500, body: #"{"error":"internal error"}"#) }
            let id = try #require(try await send(client, token)["message_id"]?.stringValue)
            let dead = try await gateway.waitForMessage("acme", id, toBe: [.dead, .sent])
            #expect(dead.status == .dead && dead.attempts == 4 && dead.errorCode == .provider(.retryable))
            #expect(dead.lastError?.contains("gave up after 4 attempts") == true, "\(dead.lastError ?? "")")
            #expect(sends(fake).count == 4)

            let letters = try await client.call(.get, "/api/jobs?status=dead", token: token)
            #expect(letters.status == .ok)
            let listed = try #require(letters["jobs"].flatMap { if case .array(let jobs) = $0 { jobs } else { nil } })
            #expect(listed.count == 1 && listed.first?["id"] == .string(id))
            #expect(listed.first?["last_error"]?.stringValue?.contains("internal error") == true)

            let replay = try await client.call(.post, "/api/jobs/\(id)/retry", token: token)
            #expect(replay.status == .ok && replay["status"] == .string("queued"))
            let sent = try await gateway.waitForMessage("acme", id, toBe: [.sent])
            #expect(sent.attempts == 1, "a replay starts a fresh retry budget")
            #expect(try await client.call(.get, "/api/jobs", token: token)["jobs"] == .array([]))
            #expect(try await client.call(.post, "/api/jobs/\(id)/retry", token: token).status == .conflict, "a sent message is not replayed")
        }
    }

    @Test(arguments: TestQueue.allCases)
    func a4xxAnswerFailsAtOnceWithTheProvidersReason(_ backend: TestQueue) async throws {
        try await withDelivery(backend) { gateway, fake, client, token in
            // The provider echoes the number and the text: what is kept of the failure repeats neither.
            fake.log.script(400, body: #"{"error":"number 5511988887777 not on WhatsApp (Seu pedido saiu)"}"#)
            let invalid = try #require(try await send(client, token)["message_id"]?.stringValue)
            let failed = try await gateway.waitForMessage("acme", invalid, toBe: [.failed, .sent, .dead])
            #expect(failed.status == .failed && failed.attempts == 1 && failed.errorCode == .provider(.invalid))
            let kept = try #require(failed.lastError)
            #expect(kept.contains("not on WhatsApp") && !kept.contains("988887777") && !kept.contains("Seu pedido saiu"), "\(kept)")

            fake.log.script(401, body: #"{"error":"Invalid token"}"#)
            let unauthorised = try #require(try await send(client, token)["message_id"]?.stringValue)
            let refused = try await gateway.waitForMessage("acme", unauthorised, toBe: [.failed, .sent, .dead])
            #expect(refused.status == .failed && refused.errorCode == .provider(.auth))
            try await Task.sleep(for: .milliseconds(300))
            #expect(sends(fake).count == 2, "neither was retried")
            let failedList = try await client.call(.get, "/api/jobs?status=failed", token: token)
            #expect(failedList.text.contains(invalid) && failedList.text.contains(unauthorised))
        }
    }

    @Test(arguments: TestQueue.allCases)
    func a429WaitsTheRetryAfterThenSends(_ backend: TestQueue) async throws {
        try await withDelivery(backend) { gateway, fake, client, token in
            fake.log.script(429, headers: ["Retry-After": "1"], body: #"{"error":"rate limit"}"#)
            let id = try #require(try await send(client, token)["message_id"]?.stringValue)
            let sent = try await gateway.waitForMessage("acme", id, toBe: [.sent, .failed, .dead])
            #expect(sent.status == .sent && sent.attempts == 2)
            let times = sends(fake).map(\.receivedAt)
            #expect(times.count == 2)
            if times.count == 2 { #expect(times[0].duration(to: times[1]) >= .milliseconds(1_000), "waited the Retry-After of 1 s") }
        }
    }

    @Test(arguments: TestQueue.allCases)
    func consecutiveFailuresOpenTheCircuitJobsWaitThenOneProbeClosesIt(_ backend: TestQueue) async throws {
        try await withDelivery(backend, adjust: { settings in
            settings.retryBackoff = [.seconds(30)]
            settings.circuitThreshold = 5
            settings.circuitOpenFor = .seconds(5)  // open well past the checks below, however slow the machine
        }) { gateway, fake, client, token in
            for _ in 0..<5 { fake.log.script(502, body: #"{"error":"bad gateway"}"#) }
            var failing: [String] = []
            for index in 0..<5 { failing.append(try #require(try await send(client, token, text: "m\(index)")["message_id"]?.stringValue)) }
            for id in failing { _ = try await gateway.waitForMessage("acme", id, toBe: [.queued], within: .seconds(5)) }
            try #require(await eventually { sends(fake).count >= 5 }, "five sends reach the provider")
            let opened = ContinuousClock.now
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.text.contains(#"gateway_open_circuits{provider="uazapi"} 1"#), "the circuit is open")

            let waiting = try #require(try await send(client, token, text: "while open")["message_id"]?.stringValue)
            try await Task.sleep(for: .milliseconds(700))
            let held = try await gateway.waitForMessage("acme", waiting, toBe: [.queued])
            #expect(held.attempts == 0, "a job held by an open circuit spends no attempt")
            #expect(sends(fake).count == 5, "nothing reaches the provider while the circuit is open")

            _ = try await gateway.waitForMessage("acme", waiting, toBe: [.sent])
            let probe = try #require(sends(fake).last)
            #expect(probe.body["track_id"] == .string(waiting))
            #expect(opened.duration(to: probe.receivedAt) >= .milliseconds(700), "the probe waited for the circuit")
            let closed = try await client.call(.get, "/metrics", token: nil)
            #expect(closed.text.contains(#"gateway_open_circuits{provider="uazapi"} 0"#), "the probe closed the circuit")
            #expect(closed.text.contains(#"gateway_sends_total{provider="uazapi",outcome="retryable"} 5"#))
        }
    }

    @Test(arguments: TestQueue.allCases)
    func anIdempotencyKeyReturnsTheFirstMessageAndSendsOnce(_ backend: TestQueue) async throws {
        try await withDelivery(backend) { gateway, fake, client, token in
            let first = try await send(client, token, key: "order-1234")
            let again = try await send(client, token, key: "order-1234")
            let id = try #require(first["message_id"]?.stringValue)
            #expect(again.status == .accepted && again["message_id"] == .string(id))
            #expect(first["replayed_header"] == nil && again["replayed_header"] == .string("true"))
            _ = try await gateway.waitForMessage("acme", id, toBe: [.sent])
            let later = try await send(client, token, key: "order-1234")
            #expect(later["message_id"] == .string(id) && later["status"] == .string("sent"), "a repeat after sending reports the message's state")

            let different = try await send(client, token, text: "something else", key: "order-1234")
            #expect(different.status == .unprocessableContent && different["error_code"] == .string("IDEMPOTENCY_KEY_REUSED"))
            let other = try await send(client, token, key: "order-5678")
            #expect(other["message_id"] != .string(id))
            _ = try await gateway.waitForMessage("acme", try #require(other["message_id"]?.stringValue), toBe: [.sent])
            #expect(fake.deliveries(of: id) == 1, "sent once")
            #expect(sends(fake).count == 2)
            let badKey = try await send(client, token, key: String(repeating: "k", count: 300))
            #expect(badKey.status == .badRequest)
        }
    }

    @Test(arguments: TestQueue.allCases)
    func aSendRateSpacesAnIntegrationsSends(_ backend: TestQueue) async throws {
        try await withDelivery(backend, configure: #","send_rate_per_minute":120"#) { gateway, fake, client, token in
            var ids: [String] = []
            for index in 0..<3 { ids.append(try #require(try await send(client, token, text: "paced \(index)")["message_id"]?.stringValue)) }
            for id in ids { _ = try await gateway.waitForMessage("acme", id, toBe: [.sent]) }
            let times = sends(fake).map(\.receivedAt)
            #expect(times.count == 3)
            // 120 a minute is a slot every 500 ms; arrivals at the provider also carry each call's own latency.
            for (earlier, later) in zip(times, times.dropFirst()) {
                #expect(earlier.duration(to: later) >= .milliseconds(250), "sends were spaced, not sent together")
            }
            if let first = times.first, let last = times.last { #expect(first.duration(to: last) >= .milliseconds(900), "three slots 500 ms apart") }
        }
    }

    @Test func badSendRequestsAreRefusedNamingTheField() async throws {
        try await withDelivery(.sqlite) { _, fake, client, token in
            let cases: [(String, String)] = [
                (#"{"phone":"123","message":"hi"}"#, "phone"),
                (#"{"phone":"5511988887777"}"#, "message"),
                (#"{"phone":"5511988887777","message":"\#(String(repeating: "a", count: 4_097))"}"#, "message"),
                (#"{"phone":"5511988887777","media_url":"ftp://x/y.png","media_type":"image"}"#, "media_url"),
                (#"{"phone":"5511988887777","media_url":"https://x.example/y.png","media_type":"hologram"}"#, "media_type"),
                (#"{"phone":"5511988887777","message":"hi","send_at":"tomorrow"}"#, "send_at"),
                (#"{"phone":"5511988887777","message":"hi","priority":"urgent"}"#, "priority"),
            ]
            for (json, field) in cases {
                let response = try await client.call(.post, "/api/integrations/whatsapp/send", token: token, json: json)
                #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(json)")
                #expect(response["details"]?["field"] == .string(field), "\(json): \(response.text)")
            }
            let email = try await client.call(.post, "/api/integrations/email/send", token: token, json: #"{"to":["a@example.com"],"subject":"s","body":"b"}"#)
            #expect(email.status == .notFound && email["error_code"] == .string("INTEGRATION_NOT_FOUND"))
            try await Task.sleep(for: .milliseconds(100))
            #expect(sends(fake).isEmpty)
        }
    }
}
