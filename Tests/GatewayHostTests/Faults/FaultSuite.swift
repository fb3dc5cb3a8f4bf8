import Foundation
@testable import GatewayHost
import Glibc
import Testing

/// The fault suite: real processes and servers under faults, each case printing one line of figures (sent, lost,
/// duplicated). The target is 0 lost everywhere and 0 duplicated wherever the provider lets us check (Uazapi's
/// `find_sent`); SMTP cannot be asked, so a send that timed out after the server took the message may be repeated,
/// once per timed-out attempt at most. `make test` runs it short; `make faults` (GATEWAY_FAULTS=full) at full size.
/// It restarts the suite's own PostgreSQL and Redis, so it runs alone, after everything else.
@Suite(.serialized) struct FaultSuite {
    static let full = ProcessInfo.processInfo.environment["GATEWAY_FAULTS"] == "full"

    static func size(short: Int, full: Int) -> Int { Self.full ? full : short }

    /// (a) `kill -9` of a `gateway worker` in the middle of its sends, PostgreSQL store and Redis queue; a second
    /// worker finishes.
    @Test func workerKilledMidRun() async throws {
        let count = Self.size(short: 1_000, full: 10_000)
        let gateway = try await TestGateway.start(queue: .redis, store: .postgres) { $0.delivery.concurrency = 0 }
        let fake = FakeUazapi()
        fake.setSendDelay(.milliseconds(10))
        try await LocalServer.run(fake.router) { url in
            try await configureWhatsApp(gateway.runtime, url: url)
            let ids = try await enqueue(count, on: gateway.backend.queue)
            let first = try gateway.workerProcess()
            _ = await eventually(within: .seconds(120)) { fake.deliveryCounts.count >= count / 4 }
            first.stop(with: SIGKILL)
            let reached = fake.deliveryCounts.count
            let second = try gateway.workerProcess()
            try await waitUntilDelivered(ids, fake: fake, queue: gateway.backend.queue)
            second.stop(with: SIGTERM)
            let note = "\(reached) had reached the provider when the first worker died"
            try await report("(a) worker kill -9 during \(count) sends, PostgreSQL + Redis", ids, counts: fake.deliveryCounts, queue: gateway.backend.queue, note: note)
                .expectExactlyOnce()
            #expect(reached < count, "the worker died mid-run")
        }
    }

    /// (b) Redis restarted (a clean shutdown: its append-only file is written) while the workers deliver.
    @Test func redisRestartedMidLoad() async throws {
        try await restartMidLoad(.redis, name: "(b) Redis restarted mid-load") {
            try Self.script("redis-test-server.sh", "restart", try Self.environment("GATEWAY_TEST_REDIS_DIR"))
        }
    }

    /// (c) PostgreSQL restarted (a fast shutdown: every connection dropped) while the workers deliver.
    @Test func postgresRestartedMidLoad() async throws {
        try await restartMidLoad(.postgres, name: "(c) PostgreSQL restarted mid-load") {
            try Self.script("postgres-test-cluster.sh", "restart", try Self.environment("GATEWAY_TEST_POSTGRES_DIR"))
        }
    }

    /// (d) The provider answers 503 to every send for a while: the circuit opens, the provider sees the calls that
    /// were in flight and a few probes rather than a retry storm, and everything goes out once it is back.
    @Test func providerOutage() async throws {
        let count = Self.size(short: 200, full: 1_000)
        let outage: Duration = Self.full ? .seconds(120) : .seconds(6)
        let gateway = try await TestGateway.start(queue: .sqlite) { configuration in
            configuration.delivery.circuitOpenFor = Self.full ? .seconds(60) : .seconds(2)
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let fake = FakeUazapi()
        try await LocalServer.run(fake.router) { url in
            try await configureWhatsApp(gateway.runtime, url: url)
            let end = ContinuousClock.now + outage
            fake.setOutage(until: end)
            let ids = try await enqueue(count, on: gateway.backend.queue)
            try await withWorker(gateway.runtime) {
                try await waitUntilDelivered(ids, fake: fake, queue: gateway.backend.queue, within: outage + .seconds(120))
            }
            let duringOutage = fake.log.requests.filter { $0.path.hasPrefix("/send/") && $0.receivedAt < end }.count
            let settings = gateway.configuration.delivery
            let probes = Int(outage.milliseconds / settings.circuitOpenFor.milliseconds) + 1
            let figures = try await report(
                "(d) \(outage.components.seconds) s of 503s, \(count) messages", ids, counts: fake.deliveryCounts, queue: gateway.backend.queue,
                note: "the provider saw \(duringOutage) sends during the outage (the first \(settings.concurrency) at once, then about one probe per \(settings.circuitOpenFor.components.seconds) s)"
            )
            figures.expectExactlyOnce()
            #expect(duringOutage <= settings.concurrency + settings.circuitThreshold + 2 * probes, "no retry storm")
        }
    }

    /// (e) The provider takes the message but answers after the send timeout. Uazapi is asked (`find_sent`) before a
    /// resend: once each. SMTP cannot be asked: a copy per timed-out attempt, which is its stated bound.
    @Test func providerTimeouts() async throws {
        let count = Self.size(short: 20, full: 200)
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["Uazapi", "SMTP"]) { configuration in
            configuration.delivery.sendTimeout = .seconds(1)
            configuration.delivery.retryBackoff = [.milliseconds(200), .milliseconds(200), .milliseconds(200)]
            configuration.delivery.pollInterval = .milliseconds(20)
            configuration.delivery.circuitOpenFor = .seconds(2)  // timeouts open the circuit; probe again soon
        }
        let fake = FakeUazapi()
        fake.setSendDelay(.seconds(3))
        let sink = try SMTPSink(slow: (for: .seconds(3), answer: .seconds(2)))
        try await LocalServer.run(fake.router) { url in
            try await configureWhatsApp(gateway.runtime, url: url)
            try await configure(
                gateway.runtime, .email,
                #"{"provider":"smtp","test":false,"config":{"host":"127.0.0.1","port":\#(sink.port),"use_tls":false,"from_email":"agent@loja.example"}}"#
            )
            let whatsapp = try await enqueue(count, on: gateway.backend.queue)
            let email = try await enqueue(count, on: gateway.backend.queue, channel: .email)
            try await withWorker(gateway.runtime) {
                try await waitUntilDelivered(whatsapp, fake: fake, queue: gateway.backend.queue)
                try await waitUntilSettled(email, queue: gateway.backend.queue)
            }
            try await report("(e) Uazapi answering after the 1 s timeout", whatsapp, counts: fake.deliveryCounts, queue: gateway.backend.queue).expectExactlyOnce()
            let copies = try sink.messages().reduce(into: [String: Int]()) { counts, message in
                if let id = message.headers["message-id"]?.split(separator: "@").first?.split(separator: ".", maxSplits: 1).last {
                    counts[String(id), default: 0] += 1
                }
            }
            let smtp = try await report(
                "(e) SMTP answering after the 1 s timeout for 3 s", email, counts: copies, queue: gateway.backend.queue,
                note: "SMTP cannot be asked: at most one copy per timed-out attempt"
            )
            #expect(smtp.lost == 0 && smtp.sent == email.count)
            #expect(copies.values.allSatisfy { $0 <= gateway.configuration.delivery.retryBackoff.count + 1 })
        }
    }

    /// (f) The provider's own process is killed (`kill -9`) in the middle of a run of sends.
    @Test func providerProcessKilledMidSend() async throws {
        let count = Self.size(short: 300, full: 3_000)
        let gateway = try await TestGateway.start(queue: .sqlite) { configuration in
            configuration.delivery.sendTimeout = .seconds(1)
            configuration.delivery.retryBackoff = [.milliseconds(100), .milliseconds(200), .milliseconds(400)]
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let fake = FakeUazapi()
        fake.setSendDelay(.milliseconds(5))
        try await LocalServer.run(fake.router) { url in
            try await configureWhatsApp(gateway.runtime, url: url)
            let ids = try await enqueue(count, on: gateway.backend.queue)
            let plugin = try #require(gateway.registry.plugin(id: "uazapi"))
            var reached = 0
            try await withWorker(gateway.runtime) {
                _ = await eventually { fake.deliveryCounts.count >= count / 3 }
                kill(try #require(plugin.health.processID), SIGKILL)
                reached = fake.deliveryCounts.count
                try await waitUntilDelivered(ids, fake: fake, queue: gateway.backend.queue)
            }
            let note = "\(reached) had reached the provider when its process died; \(plugin.health.restarts) restart"
            try await report("(f) provider process kill -9 during \(count) sends", ids, counts: fake.deliveryCounts, queue: gateway.backend.queue, note: note)
                .expectExactlyOnce()
            #expect(reached < count && plugin.health.restarts == 1)
        }
    }

    // MARK: support

    /// One case's figures, printed as one line.
    struct Figures {
        let sent: Int
        let lost: Int
        let duplicated: Int

        func expectExactlyOnce() {
            #expect(lost == 0, "nothing lost")
            #expect(duplicated == 0, "nothing sent twice")
        }
    }

    private func restartMidLoad(_ backend: TestQueue, name: String, restart: @Sendable () throws -> Void) async throws {
        let count = Self.size(short: 2_000, full: 20_000)
        let gateway = try await TestGateway.start(queue: backend, store: .postgres) { $0.delivery.pollInterval = .milliseconds(20) }
        let fake = FakeUazapi()
        fake.setSendDelay(.milliseconds(10))  // 16 at a time: about 1 s of sending per 1,600 messages
        try await LocalServer.run(fake.router) { url in
            try await configureWhatsApp(gateway.runtime, url: url)
            let ids = try await enqueue(count, on: gateway.backend.queue)
            var reached = (before: 0, after: 0)
            try await withWorker(gateway.runtime) {
                _ = await eventually(within: .seconds(60)) { fake.deliveryCounts.count >= count / 5 }
                reached.before = fake.deliveryCounts.count
                try restart()
                reached.after = fake.deliveryCounts.count
                try await waitUntilDelivered(ids, fake: fake, queue: gateway.backend.queue)
            }
            let note = "\(reached.before) had reached the provider when the restart began, \(reached.after) when it was up again"
            try await report(name, ids, counts: fake.deliveryCounts, queue: gateway.backend.queue, note: note).expectExactlyOnce()
            #expect(reached.after < count, "the restart happened mid-load")
        }
    }

    private func configureWhatsApp(_ runtime: GatewayRuntime, url: String) async throws {
        try await configure(runtime, .whatsapp, TestGateway.whatsappConfig(url, extra: #","test":false"#))
    }

    /// Configures one of acme's integrations through the service, as the API does.
    private func configure(_ runtime: GatewayRuntime, _ type: IntegrationType, _ body: String) async throws {
        _ = try await runtime.token("acme")
        let request = try JSONDecoder().decode(ConfigureRequest.self, from: Data(body.utf8))
        _ = try await runtime.integrations.configure(clientID: "acme", type: type, request: request, actor: "fault-suite")
    }

    /// Queues `count` messages of client acme as the send endpoints do, in batches, the way a busy API fills the queue.
    private func enqueue(_ count: Int, on queue: any JobQueue, channel: IntegrationType = .whatsapp) async throws -> [String] {
        let ids = (0..<count).map { _ in UUID().uuidString.lowercased() }
        for batch in stride(from: 0, to: count, by: 200) {
            let jobs = ids[batch..<min(batch + 200, count)].map { id in
                let input = channel == .whatsapp
                    ? #"{"to":"5511988887777","text":"pedido","message_id":"\#(id)"}"#
                    : #"{"to":["ana@example.com"],"subject":"pedido","text":"saiu","message_id":"\#(id)"}"#
                return NewJob(id: id, clientID: "acme", channel: channel, op: "send", input: input, priority: .normal, notBefore: nil, idempotency: nil)
            }
            _ = try await queue.enqueue(jobs)
        }
        return ids
    }

    /// Runs the runtime's delivery worker for the length of `body`.
    private func withWorker(_ runtime: GatewayRuntime, _ body: () async throws -> Void) async throws {
        let working = Task { await runtime.worker.run() }
        defer { working.cancel() }
        try await body()
    }

    /// Waits until every message reached the provider and settled in the queue.
    private func waitUntilDelivered(_ ids: [String], fake: FakeUazapi, queue: any JobQueue, within timeout: Duration = .seconds(180)) async throws {
        let delivered = await eventually(within: timeout) { Set(fake.deliveryCounts.keys).isSuperset(of: ids) }
        #expect(delivered, "every message reached the provider in time")
        try await waitUntilSettled(ids, queue: queue)
    }

    /// Waits until every message is in a final state.
    private func waitUntilSettled(_ ids: [String], queue: any JobQueue, within timeout: Duration = .seconds(180)) async throws {
        let settled = await eventually(within: timeout) {
            for id in ids {
                guard let job = try? await queue.job(clientID: "acme", id: id), [.sent, .failed, .dead].contains(job.status) else { return false }
            }
            return true
        }
        #expect(settled, "every message settled in time")
    }

    /// Counts and prints: sent (the queue says so), lost (never reached the provider), duplicated (reached it more
    /// than once).
    @discardableResult
    private func report(_ name: String, _ ids: [String], counts: [String: Int], queue: any JobQueue, note: String = "") async throws -> Figures {
        var sent = 0
        for id in ids where try await queue.job(clientID: "acme", id: id)?.status == .sent { sent += 1 }
        let figures = Figures(
            sent: sent, lost: ids.filter { (counts[$0] ?? 0) == 0 }.count, duplicated: ids.reduce(0) { $0 + max(0, (counts[$1] ?? 0) - 1) }
        )
        print("fault \(name): \(figures.sent) sent, \(figures.lost) lost, \(figures.duplicated) duplicated\(note.isEmpty ? "" : " (\(note))")")
        return figures
    }

    private static func environment(_ key: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[key] else { throw TestPostgres.NotRunning() }
        return value
    }

    /// Runs one of the repository's scripts and waits for it. Spawned and reaped by hand: Foundation's Process learns
    /// of an exit from a socket the child inherits, and the Redis or PostgreSQL daemon the script starts keeps it open.
    private static func script(_ name: String, _ arguments: String...) throws {
        let path = TestPaths.repository.appendingPathComponent("scripts/\(name)").path
        var argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, nil, nil, &argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        #expect(status == 0, "\(name) \(arguments.joined(separator: " "))")
    }
}
