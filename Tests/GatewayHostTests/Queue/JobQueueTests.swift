import Foundation
@testable import GatewayHost
import Testing

/// The queue contract on every backend: priorities, delayed jobs, leases and redelivery, outcomes, dead letters,
/// replay, idempotency and counts.
@Suite struct JobQueueTests {
    private func queue(_ backend: TestQueue) async throws -> (any JobQueue, TestGateway) {
        let gateway = try await TestGateway.start(queue: backend, plugins: [])
        _ = try await gateway.token("acme")
        _ = try await gateway.token("globex")
        return (gateway.backend.queue, gateway)
    }

    private func job(_ id: String, client: String = "acme", priority: JobPriority = .normal, notBefore: Date? = nil, key: String? = nil) -> NewJob {
        NewJob(
            id: id, clientID: client, channel: .whatsapp, op: "send", input: #"{"to":"5511988887777","text":"oi"}"#, priority: priority, notBefore: notBefore,
            idempotency: key.map { ($0, "fingerprint-\(id)") }
        )
    }

    @Test(arguments: TestQueue.allCases)
    func claimsHighPriorityFirstThenOldestFirst(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([job("low-1", priority: .low), job("normal-1"), job("high-1", priority: .high), job("normal-2")])
        let claimed = try await queue.claim(limit: 10, lease: .seconds(30))
        #expect(claimed.map(\.job.id) == ["high-1", "normal-1", "normal-2", "low-1"])
        #expect(claimed.allSatisfy { $0.job.status == .sending && $0.job.attempts == 1 && !$0.inDoubt })
        #expect(try await queue.claim(limit: 10, lease: .seconds(30)).isEmpty, "leased jobs are not claimed twice")
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func aDelayedJobWaitsUntilItsTime(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([job("next-hour", notBefore: Date().addingTimeInterval(3_600)), job("soon", notBefore: Date().addingTimeInterval(0.3))])
        #expect(try await queue.counts().delayed >= 1)
        #expect(try await claimEventually(queue).map(\.job.id) == ["soon"], "only the job that came due")
        #expect(try await queue.counts().delayed == 1)
        try await gateway.core.close()
    }

    /// Claims until something comes (or `timeout` passes): for jobs that become due, or whose lease runs out, later.
    private func claimEventually(_ queue: any JobQueue, within timeout: Duration = .seconds(5)) async throws -> [ClaimedJob] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let claimed = try await queue.claim(limit: 10, lease: .seconds(30))
            if !claimed.isEmpty { return claimed }
            try await Task.sleep(for: .milliseconds(50))
        }
        return []
    }

    @Test(arguments: TestQueue.allCases)
    func aJobWhoseLeaseRunsOutIsDeliveredAgainInDoubtAndTheOldLeaseCannotFinishIt(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([job("crashy")])
        let first = try #require(try await queue.claim(limit: 1, lease: .seconds(3)).first)
        #expect(try await queue.claim(limit: 1, lease: .seconds(30)).isEmpty, "a job under lease is not claimed again")
        let second = try #require(try await claimEventually(queue, within: .seconds(15)).first, "claimed again once the lease ran out")
        #expect(second.job.id == "crashy" && second.inDoubt && second.job.attempts == 2)
        #expect(try await !queue.finish(first, .sent(providerMessageID: "late")), "the lost lease no longer owns the job")
        #expect(try await queue.finish(second, .sent(providerMessageID: "wamid-1")))
        let done = try #require(try await queue.job(clientID: "acme", id: "crashy"))
        #expect(done.status == .sent && done.providerMessageID == "wamid-1" && done.sentAt != nil)
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func outcomesMoveTheJobAndReleaseDoesNotSpendAnAttempt(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([job("j")])
        var claimed = try #require(try await queue.claim(limit: 1, lease: .seconds(30)).first)
        try await queue.finish(claimed, .release(after: .zero, inDoubt: false))
        claimed = try #require(try await queue.claim(limit: 1, lease: .seconds(30)).first)
        #expect(claimed.job.attempts == 1, "a release hands the job back without counting the attempt")

        let retriedAt = Date()
        try await queue.finish(claimed, .retry(after: .seconds(1), code: .provider(.retryable), reason: "uazapi failed (503)", inDoubt: false))
        let waiting = try #require(try await queue.job(clientID: "acme", id: "j"))
        #expect(waiting.status == .queued && waiting.errorCode == .provider(.retryable) && waiting.lastError == "uazapi failed (503)")
        let due = try #require(waiting.nextAttemptAt)
        #expect(due.timeIntervalSince(retriedAt) > 0.5 && due.timeIntervalSince(retriedAt) < 3, "due about 1 s later")
        claimed = try #require(try await claimEventually(queue).first)
        #expect(Date() >= due.addingTimeInterval(-0.05), "not claimed before it was due")
        #expect(claimed.job.attempts == 2)

        try await queue.finish(claimed, .dead(code: .provider(.retryable), reason: "gave up after 2 attempts"))
        #expect(try await queue.counts().dead == 1)
        #expect(try await queue.jobs(clientID: "acme", status: .dead, limit: 10).map(\.id) == ["j"])
        #expect(try await queue.count(clientID: "acme", status: .dead, upTo: 10) == 1)
        #expect(try await queue.jobs(clientID: "globex", status: .dead, limit: 10).isEmpty)
        #expect(try await queue.replay(clientID: "globex", id: "j") == nil, "another client cannot replay it")

        guard case .replayed(let replayed) = try await queue.replay(clientID: "acme", id: "j") else {
            Issue.record("the dead job was not replayed")
            return
        }
        #expect(replayed.status == .queued && replayed.attempts == 0 && replayed.lastError == nil)
        #expect(try await queue.counts().dead == 0)
        #expect(try await queue.jobs(clientID: "acme", status: .dead, limit: 10).isEmpty)
        guard case .unchanged(let unchanged) = try await queue.replay(clientID: "acme", id: "j") else {
            Issue.record("a queued job was replayed again")
            return
        }
        #expect(unchanged.status == .queued)
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func aClientListsItsMessagesByEveryStatusNewestFirst(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([job("sent-1"), job("sending-1"), job("waiting-1"), job("waiting-2")])
        _ = try await queue.enqueue([job("theirs", client: "globex")])
        let claimed = try await queue.claim(limit: 2, lease: .seconds(30))
        #expect(Set(claimed.map(\.job.id)) == ["sent-1", "sending-1"], "the oldest two")
        // globex's job waits behind acme's: claiming two leaves it queued.
        try await queue.finish(try #require(claimed.first { $0.job.id == "sent-1" }), .sent(providerMessageID: "wamid-1"))
        func listed(_ status: JobStatus, client: String = "acme", limit: Int = 10) async throws -> [String] {
            try await queue.jobs(clientID: client, status: status, limit: limit).map(\.id)
        }
        #expect(try await listed(.sent) == ["sent-1"])
        #expect(try await listed(.sending) == ["sending-1"])
        #expect(Set(try await listed(.queued)) == ["waiting-1", "waiting-2"])
        #expect(try await listed(.queued, limit: 1).count == 1, "the limit holds")
        #expect(try await listed(.failed).isEmpty)
        #expect(try await listed(.dead).isEmpty)
        #expect(try await listed(.queued, client: "globex") == ["theirs"], "each client sees only its own")
        #expect(try await listed(.sent, client: "globex").isEmpty)
        for (status, expected) in [(JobStatus.queued, 2), (.sending, 1), (.sent, 1), (.failed, 0), (.dead, 0)] {
            #expect(try await queue.count(clientID: "acme", status: status, upTo: 10) == expected, "\(status)")
        }
        #expect(try await queue.count(clientID: "acme", status: .queued, upTo: 1) == 1, "counted up to the cap")
        #expect(try await queue.count(clientID: "globex", status: .sent, upTo: 10) == 0)
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func anIdempotencyKeyReturnsTheFirstJobPerClient(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        let first = try await queue.enqueue([job("first", key: "order-42")])[0]
        let again = try await queue.enqueue([job("second", key: "order-42")])[0]
        let otherClient = try await queue.enqueue([job("theirs", client: "globex", key: "order-42")])[0]
        guard case .created(let created) = first, case .existing(let existing, let fingerprint) = again, case .created(let theirs) = otherClient else {
            Issue.record("expected created, existing, created: \(first), \(again), \(otherClient)")
            return
        }
        #expect(existing.id == created.id && fingerprint == "fingerprint-first")
        #expect(theirs.id == "theirs")
        #expect(try await queue.claim(limit: 10, lease: .seconds(30)).count == 2, "the repeat queued nothing")
        try await gateway.core.close()
    }

    @Test(arguments: TestQueue.allCases)
    func countsShowReadyInFlightDelayedAndDead(_ backend: TestQueue) async throws {
        let (queue, gateway) = try await queue(backend)
        _ = try await queue.enqueue([
            job("h", priority: .high), job("n1"), job("n2"), job("l", priority: .low), job("d", notBefore: Date().addingTimeInterval(60)),
        ])
        let claimed = try await queue.claim(limit: 1, lease: .seconds(30))
        let counts = try await queue.counts()
        #expect(claimed.map(\.job.id) == ["h"])
        #expect(counts == QueueCounts(ready: [.high: 0, .normal: 2, .low: 1].filter { backend == .redis || $0.value > 0 }, inFlight: 1, delayed: 1, dead: 0))
        try await gateway.core.close()
    }
}
