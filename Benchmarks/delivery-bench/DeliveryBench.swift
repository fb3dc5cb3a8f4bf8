import Foundation
import GatewayHost
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// `delivery-bench <plugin dir> [messages] [concurrency]`: pushes messages through Redis -> worker -> the Uazapi
/// plugin -> a local HTTP server answering as uazapi, and prints messages per second, enqueue-to-sent latency and the
/// CPU time per send (this process, with its fake provider, and the provider processes).
/// For each plugin isolation (in-process, then a provider process), a backlog run (everything queued as fast as
/// possible while the workers drain it: throughput), alternating over `BENCH_ROUNDS` rounds (3) and compared by median;
/// in the first round also a steady stream at half that rate (latency when the workers keep up). Needs REDIS_URL, and
/// `gateway` beside this binary. Prints figures, asserts nothing.
@main
struct DeliveryBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let redisURL = ProcessInfo.processInfo.environment["REDIS_URL"] else {
            print("usage: REDIS_URL=redis://... delivery-bench <dir with libUazapi.so> [messages] [concurrency]")
            exit(2)
        }
        let messages = arguments.count > 2 ? Int(arguments[2]) ?? 50_000 : 50_000
        let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 64 : 64
        var logger = Logger(label: "delivery-bench")
        logger.logLevel = .warning

        let provider = FakeProvider()
        let port = try await provider.start()
        let rounds = Int(ProcessInfo.processInfo.environment["BENCH_ROUNDS"] ?? "") ?? 3
        print("delivery-bench: \(messages) messages, Redis queue, \(concurrency) in flight, Uazapi plugin -> local HTTP server, \(rounds) rounds")
        // The modes alternate within each round, so a slow spell of the machine hits both alike.
        var backlogs: [PluginSettings.Isolation: [Double]] = [:]
        for round in 1...rounds {
            for isolation in [PluginSettings.Isolation.inProcess, .process] {
                let perSecond = try await withWorker(isolation, directory: arguments[1], port: port, redisURL: redisURL, concurrency: concurrency, logger: logger) {
                    backend in
                    let backlog = try await run(messages: messages, ratePerSecond: nil, backend: backend, provider: provider)
                    report("round \(round), \(isolation.rawValue), backlog", backlog)
                    if round == 1 {
                        let steadyRate = max(100, Int(backlog.perSecond / 2))
                        let steady = try await run(messages: min(messages, steadyRate * 10), ratePerSecond: steadyRate, backend: backend, provider: provider)
                        report("round \(round), \(isolation.rawValue), steady \(steadyRate)/s", steady)
                    }
                    return backlog.perSecond
                }
                backlogs[isolation, default: []].append(perSecond)
            }
        }
        let inProcess = median(backlogs[.inProcess] ?? [])
        let process = median(backlogs[.process] ?? [])
        print(String(format: "  median backlog: in-process %.0f messages/s, process %.0f messages/s: process mode keeps %.0f%%", inProcess, process, 100 * process / inProcess))
        exit(0)
    }

    /// A worker on a fresh store and queue prefix, its plugins loaded as `isolation` says, for the length of `body`.
    static func withWorker<T: Sendable>(
        _ isolation: PluginSettings.Isolation, directory: String, port: Int, redisURL: String, concurrency: Int, logger: Logger,
        _ body: @Sendable (QueueBackend) async throws -> T
    ) async throws -> T {
        var configuration = GatewayConfiguration(pluginDirectories: [directory])
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-bench-\(UUID().uuidString)").path
        configuration.redisURL = redisURL
        configuration.redisPrefix = "bench-\(UUID().uuidString.prefix(8)):"
        configuration.delivery.concurrency = concurrency
        configuration.delivery.pollInterval = .milliseconds(5)
        configuration.plugins.isolation = isolation
        configuration.plugins.maxInFlight = concurrency
        configuration.plugins.tenantInFlight = concurrency  // one client sends everything
        configuration.plugins.networkPolicy = NetworkPolicy(allowed: [IPNetwork("127.0.0.0/8")!])  // the local provider

        let core = try await GatewayCore.open(configuration, logger: logger)
        let backend = try QueueBackend.open(configuration, store: core.store, logger: logger)
        let registry = PluginRegistry(settings: configuration.plugins, logger: logger)
        await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
        try await configureIntegration(core, url: "http://127.0.0.1:\(port)")
        let worker = GatewayRuntime(configuration: configuration, core: core, backend: backend, registry: registry, logger: logger).worker
        let working = Task { await worker.run() }
        let result = try await body(backend)
        working.cancel()
        _ = await working.value
        registry.close()
        try await backend.queue.close()
        try await core.close()
        try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
        return result
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    struct Figures {
        let messages: Int
        let seconds: Double
        let latenciesMs: [Double]
        /// CPU time this process (queueing, workers, the fake provider) and its provider processes used for the run.
        let cpuSeconds: Double
        var perSecond: Double { Double(messages) / seconds }
    }

    /// CPU seconds used so far by this process and its live children (the provider processes), from /proc.
    static func cpuSeconds() -> Double {
        let me = getpid()
        var ticks = 0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let nameEnd = stat.lastIndex(of: ")")
            else { continue }
            // After the name: state, ppid, ... utime (12th), stime (13th), in clock ticks.
            let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
            guard fields.count > 12, pid == me || Int32(fields[1]) == me, let user = Int(fields[11]), let system = Int(fields[12]) else { continue }
            ticks += user + system
        }
        return Double(ticks) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func report(_ name: String, _ figures: Figures) {
        let sorted = figures.latenciesMs.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print(
            String(
                format: "  %@: %d sent in %.2f s = %.0f messages/s; enqueue-to-sent p50 %.1f ms, p99 %.1f ms, max %.1f ms; cpu %.0f us/send",
                name, figures.messages, figures.seconds, figures.perSecond, percentile(0.5), percentile(0.99), sorted.last ?? 0,
                1e6 * figures.cpuSeconds / Double(figures.messages)
            )
        )
    }

    /// Queues `messages` (in batches of 200, paced to `ratePerSecond` when given) while the worker delivers them;
    /// returns when the provider has every one and the queue has recorded each as sent.
    static func run(messages: Int, ratePerSecond: Int?, backend: QueueBackend, provider: FakeProvider) async throws -> Figures {
        let batch = 200
        let queued = Mutex<[String: ContinuousClock.Instant]>([:])
        provider.reset()
        let cpuBefore = cpuSeconds()
        let started = ContinuousClock.now
        for first in stride(from: 0, to: messages, by: batch) {
            if let ratePerSecond {
                let due = started + .milliseconds(Int64(first) * 1_000 / Int64(ratePerSecond))
                if due > .now { try await Task.sleep(until: due) }
            }
            let jobs = (first..<min(first + batch, messages)).map { index in
                let id = UUID().uuidString.lowercased()
                return NewJob(
                    id: id, clientID: "bench", channel: .whatsapp, op: "send",
                    input: #"{"to":"5511988887777","text":"message \#(index)","message_id":"\#(id)"}"#, priority: .normal, notBefore: nil, idempotency: nil
                )
            }
            let now = ContinuousClock.now
            queued.withLock { times in for job in jobs { times[job.id] = now } }
            _ = try await backend.queue.enqueue(jobs)
        }
        while provider.count < messages { try await Task.sleep(for: .milliseconds(5)) }
        while try await backend.queue.counts().inFlight > 0 { try await Task.sleep(for: .milliseconds(5)) }
        let seconds = started.duration(to: .now).timeInterval
        let latencies = queued.withLock { times in
            provider.arrivals.compactMap { id, arrived in times[id].map { $0.duration(to: arrived).timeInterval * 1_000 } }
        }
        return Figures(messages: messages, seconds: seconds, latenciesMs: latencies, cpuSeconds: cpuSeconds() - cpuBefore)
    }

    static func configureIntegration(_ core: GatewayCore, url: String) async throws {
        try await core.store.createClient(ClientRecord(id: "bench", name: "bench", createdAt: Date()), actor: "bench")
        let config: [String: JSONValue] = ["api_url": .string(url), "api_token": .string("bench-instance-token"), "phone_number": .string("5511999990000")]
        let sealed = try core.vault.sealSecrets(config, secretFields: ["api_token"], clientID: "bench")
        _ = try await core.store.saveIntegration(
            IntegrationRecord(
                id: UUID().uuidString.lowercased(), clientID: "bench", type: .whatsapp, provider: "uazapi", name: "bench", status: "configured",
                config: IntegrationRecord.configText(sealed), secretFields: ["api_token"], createdAt: Date(), updatedAt: Date()
            ),
            actor: "bench"
        )
    }
}

/// A local HTTP server answering `POST /send/text` as uazapi does, noting when each message (by `track_id`) arrived.
/// The enqueue-to-sent latency ends at the provider's answer; the queue records "sent" just after.
final class FakeProvider: Sendable {
    private let received = Mutex<[(String, ContinuousClock.Instant)]>([])

    var count: Int { received.withLock { $0.count } }
    var arrivals: [(String, ContinuousClock.Instant)] { received.withLock { $0 } }

    func reset() {
        received.withLock { $0.removeAll(keepingCapacity: true) }
    }

    /// Starts serving on a free loopback port; returns the port.
    func start() async throws -> Int {
        let router = Router()
        router.post("/send/text") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 16)
            let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
            if let id = json?["track_id"] as? String { self.received.withLock { $0.append((id, .now)) } }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"id":"r1","messageid":"3EB0BENCH","fromMe":true,"status":"Pending"}"#))
            )
        }
        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }
        )
        Task { try await app.runService() }
        while true {
            if let bound = port.withLock({ $0 }) { return bound }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
