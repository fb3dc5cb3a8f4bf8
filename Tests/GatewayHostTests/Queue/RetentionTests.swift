import Foundation
@testable import GatewayHost
import Testing

/// Retention on every backend: a sent message keeps no content, and the purge deletes finished messages and
/// idempotency keys older than their cutoffs, nothing younger. Leases renew while a job is in flight.
@Suite struct RetentionTests {
    private func job(_ id: String, key: String? = nil) -> NewJob {
        NewJob(
            id: id, clientID: "acme", channel: .whatsapp, op: "send", input: #"{"to":"5511988887777","text":"segredo do cliente"}"#, priority: .normal,
            notBefore: nil, idempotency: key.map { ($0, "fingerprint-\(id)") }
        )
    }

    @Test(arguments: TestQueue.allCases)
    func aSentMessageKeepsNoContentAndThePurgeTakesOnlyWhatIsOld(_ backend: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: backend, plugins: [])
        _ = try await gateway.token("acme")
        let queue = gateway.backend.queue
        _ = try await queue.enqueue([job("sent-1", key: "k-1"), job("dead-1"), job("failed-1"), job("waiting-1")])
        let claimed = try await queue.claim(limit: 3, lease: .seconds(30))
        let byID = Dictionary(uniqueKeysWithValues: claimed.map { ($0.job.id, $0) })
        _ = try await queue.finish([
            (try #require(byID["sent-1"]), .sent(providerMessageID: "p-1")), (try #require(byID["dead-1"]), .dead(code: .provider(.retryable), reason: "down")),
            (try #require(byID["failed-1"]), .failed(code: .provider(.permanent), reason: "no")),
        ])
        #expect(try await queue.job(clientID: "acme", id: "sent-1")?.input == "", "content is dropped once sent")
        #expect(try await queue.job(clientID: "acme", id: "dead-1")?.input.contains("segredo") == true, "a dead letter keeps it for a replay")

        let past = Date().addingTimeInterval(-3_600)
        #expect(try await queue.purge(PurgeCutoffs(sentBefore: past, deadBefore: past, idempotencyExpiredBefore: past, eventsBefore: past)) == PurgeCounts(), "nothing is old yet")
        let future = Date().addingTimeInterval(3 * 24 * 3_600)
        let purged = try await queue.purge(PurgeCutoffs(sentBefore: future, deadBefore: future, idempotencyExpiredBefore: future, eventsBefore: future))
        #expect(try await queue.job(clientID: "acme", id: "dead-1") == nil)
        #expect(try await queue.job(clientID: "acme", id: "failed-1") == nil)
        #expect(try await queue.job(clientID: "acme", id: "waiting-1")?.status == .queued, "an unfinished message is never purged")
        #expect(purged.dead == 2)
        if backend == .redis {
            // Redis expires sent jobs and idempotency keys by itself.
            #expect(purged.sent == 0 && purged.idempotencyKeys == 0)
        } else {
            #expect(purged.sent == 1 && purged.idempotencyKeys == 1)
            #expect(try await queue.job(clientID: "acme", id: "sent-1") == nil)
        }
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func aRenewedLeaseKeepsItsJobFromOtherWorkers(_ backend: TestQueue) async throws {
        let gateway = try await TestGateway.start(queue: backend, plugins: [])
        _ = try await gateway.token("acme")
        let queue = gateway.backend.queue
        _ = try await queue.enqueue([job("slow-1")])
        let held = try #require(try await queue.claim(limit: 1, lease: .milliseconds(1_000)).first)
        #expect(try await queue.renew([held], lease: .seconds(30)) == [true])
        // Leases run on the queue's clock (on Redis, Redis's own TIME), which a test cannot move for every backend: wait out
        // the first lease.
        try await Task.sleep(for: .milliseconds(1_200))
        #expect(try await queue.claim(limit: 1, lease: .seconds(30)).isEmpty, "the renewed lease still holds")
        #expect(try await queue.finish(held, .sent(providerMessageID: nil)))
        #expect(try await queue.renew([held], lease: .seconds(30)) == [false], "a finished job's lease is gone")
        try await gateway.core.close()
    }
}
