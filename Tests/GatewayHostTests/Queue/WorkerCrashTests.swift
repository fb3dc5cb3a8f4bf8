import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// The real `gateway worker` binary, killed with SIGKILL mid-run and started again against the same PostgreSQL (and
/// Redis): every message reaches the provider exactly once. Jobs the dead worker held come back when their leases
/// run out, in doubt; the Uazapi plugin's `find_sent` finds the ones uazapi already has, so they are not sent twice.
@Suite(.serialized) struct WorkerCrashTests {
    static let messages = 2_000

    @Test(arguments: [TestQueue.postgres, .redis])
    func aWorkerKilledMidRunLosesNothingAndSendsNothingTwice(_ backend: TestQueue) async throws {
        try await withQueuedMessages(backend, count: Self.messages, sendDelay: .milliseconds(3)) { gateway, fake, ids in
            let first = try gateway.workerProcess()
            try #require(await eventually(within: .seconds(120)) { fake.deliveryCounts.count >= ids.count / 4 }, "the worker sends")
            let killed = first.stop(with: SIGKILL)
            #expect(killed.bySignal, "the worker was killed, not stopped")
            #expect(fake.deliveryCounts.count < ids.count, "killed mid-run")

            let second = try gateway.workerProcess()
            let deadline = ContinuousClock.now + .seconds(120)
            while try await gateway.backend.queue.counts() != QueueCounts(ready: [:], inFlight: 0, delayed: 0, dead: 0).normalised(for: backend),
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(second.logLines.contains { $0.contains("in-doubt message found") }, "the kill left calls in doubt, and recovery found them")
            let metrics = try await second.get("/metrics")
            #expect(
                metrics.status == 200
                    && String(decoding: metrics.body, as: UTF8.self).contains(#"gateway_sends_total{provider="uazapi",outcome="ok"}"#))
            let stopped = second.stop(with: SIGTERM)
            #expect(stopped == .succeeded, "SIGTERM stops the worker cleanly")

            let counts = fake.deliveryCounts
            #expect(Set(counts.keys) == Set(ids), "every message reached the provider")
            #expect(counts.filter { $0.value > 1 }.isEmpty, "none twice: \(counts.filter { $0.value > 1 }.count) duplicated")
            for id in ids.prefix(50) {
                #expect(try await gateway.backend.queue.job(clientID: "acme", id: id)?.status == .sent)
            }
        }
    }

    /// SIGTERM while slow sends are in flight: the worker stops claiming, waits its (short) grace period, hands the
    /// unfinished jobs back and exits 0; the next worker sends each remaining message, none twice.
    @Test(arguments: [TestQueue.postgres, .redis])
    func aWorkerStoppedMidRunHandsBackWhatItCouldNotFinish(_ backend: TestQueue) async throws {
        try await withQueuedMessages(backend, count: 100, sendDelay: .milliseconds(400)) { gateway, fake, ids in
            let first = try gateway.workerProcess(extra: ["GATEWAY_SHUTDOWN_GRACE_MS": "100", "GATEWAY_SEND_TIMEOUT_MS": "2000"])
            try #require(await eventually(within: .seconds(120)) { fake.log.requests.filter({ $0.path == "/send/text" }).count >= 20 }, "sends in flight")
            let stopped = first.stop(with: SIGTERM)
            #expect(stopped == .succeeded)
            #expect(first.logLines.contains { $0.contains("grace period over: handing in-flight jobs back") })
            #expect(fake.deliveryCounts.count < ids.count, "stopped mid-run")

            fake.setSendDelay(.zero)
            let second = try gateway.workerProcess()
            for id in ids { _ = try await gateway.waitForMessage("acme", id, toBe: [.sent], within: .seconds(30)) }
            second.stop(with: SIGTERM)
            let counts = fake.deliveryCounts
            #expect(Set(counts.keys) == Set(ids), "every message reached the provider")
            #expect(counts.values.allSatisfy { $0 == 1 }, "none twice")
        }
    }

    /// The gateway's API (no workers of its own) on PostgreSQL with its queue on `backend`, the uazapi fake answering
    /// each send after `sendDelay`, and `count` messages of client acme queued through the API by 8 callers at once.
    private func withQueuedMessages(
        _ backend: TestQueue, count: Int, sendDelay: Duration, _ body: @Sendable (TestGateway, FakeUazapi, [String]) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend, store: .postgres) { $0.delivery.concurrency = 0 }
        let fake = FakeUazapi()
        fake.setSendDelay(sendDelay)
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.router) { client in
                let token = try await gateway.token("acme")
                // Hundreds of sends at once: past the default API and send limits, which are not what this tests.
                let unlimited = ClientLimits(api_per_minute: ClientLimits.maximum, sends_per_minute: ClientLimits.maximum)
                _ = try await gateway.core.store.setClientLimits(clientID: "acme", unlimited, actor: "test")
                let configured = try await client.call(
                    .post, "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig(url, extra: #","test":false"#))
                #expect(configured.status == .ok)
                let ids = try await withThrowingTaskGroup(of: [String].self) { group in
                    for caller in 0..<8 {
                        group.addTask {
                            var ids: [String] = []
                            for index in stride(from: caller, to: count, by: 8) {
                                let accepted = try await client.call(
                                    .post, "/api/integrations/whatsapp/send", token: token,
                                    json: #"{"phone":"5511988887777","message":"pedido \#(index)"}"#
                                )
                                ids.append(try #require(accepted["message_id"]?.stringValue))
                            }
                            return ids
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(Set(ids).count == count)
                try await body(gateway, fake, ids)
            }
        }
        try await gateway.core.close()
    }
}

extension QueueCounts {
    /// An empty queue as `backend` reports it: Redis lists every priority, SQL only those with jobs.
    func normalised(for backend: TestQueue) -> QueueCounts {
        var counts = self
        if backend == .redis { counts.ready = Dictionary(uniqueKeysWithValues: JobPriority.allCases.map { ($0, 0) }) }
        return counts
    }
}
