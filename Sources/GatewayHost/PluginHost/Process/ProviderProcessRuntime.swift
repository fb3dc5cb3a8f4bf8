import Foundation
import Logging
import Synchronization

/// Runs a plugin in a provider process of its own (`gateway provider-host`). A process that dies (signal, exit, OOM
/// kill, or killed for a call that overran) is started again with backoff, and instances are created again in the new
/// process on their next call. A plugin whose process dies `deathLimit` times within `deathWindow` is quarantined
/// until an admin resets it.
final class ProviderProcessRuntime: PluginRuntime {
    let path: String
    let providerID: String
    let settings: PluginSettings
    let logger: PluginLogger
    private let state: Mutex<State>

    private typealias Start = Eventual<Result<ProviderConnection, PluginCallError>>

    private enum Phase {
        case running(ProviderConnection)
        case starting(Start)
        case quarantined(String)
        case closed
    }

    private struct State {
        var phase: Phase
        var deaths: [ContinuousClock.Instant] = []
        var lastCause: String?
        var restarts = 0
        var generation: UInt64 = 1
    }

    /// Takes over the first process, started and checked by `launch`.
    init(path: String, manifest: PluginManifest, first: ProviderProcess, settings: PluginSettings, logger: PluginLogger) {
        self.path = path
        providerID = manifest.id
        self.settings = settings
        self.logger = logger
        state = Mutex(State(phase: .closed))
        let connection = connect(first, generation: 1)
        state.withLock { $0.phase = .running(connection) }
    }

    deinit {
        close()
    }

    /// Starts a provider process for the plugin at `path` and waits for its hello; the manifest it reports is checked
    /// as the loader checks any. On a restart, `expectedID` is the provider the file must still hold. Blocking.
    static func launch(
        path: String, settings: PluginSettings, expectedID: String?, logger: PluginLogger
    ) throws(PluginLoadError) -> (ProviderProcess, ProviderHello, PluginManifest) {
        func refuse(_ reason: String) -> PluginLoadError { PluginLoadError(code: .processFailed, path: path, reason: reason) }
        let options = ProviderHostServer.Options(
            pluginPath: path, memoryLimitBytes: settings.memoryLimitBytes, maxOutputBytes: settings.maxOutputBytes,
            allowedNetworks: settings.networkPolicy.description, maxThreads: settings.maxInFlight + 16
        )
        let process: ProviderProcess
        do {
            process = try ProviderProcess.spawn(executable: settings.providerHostExecutable, options: options, logger: logger)
        } catch {
            throw refuse("cannot start its provider process: \(error)")
        }
        let report: ProviderReport?
        do {
            report = try process.firstReport(timeoutMs: settings.startTimeoutMs, maxFrame: ProviderFrame.maxChildFrame(maxOutputBytes: settings.maxOutputBytes)) {
                if case .log(let level, let text) = $0 { logger.log(level, text) }
            }
        } catch {
            _ = process.abandon()
            throw refuse("its provider process said something other than hello: \(error)")
        }
        switch report {
        case .hello(let hello):
            do throws(PluginLoadError) {
                let manifest = try PluginManifest.validated(hello.manifest, takesWebhooks: hello.takesWebhooks, path: path)
                if let expectedID, manifest.id != expectedID { throw refuse("the file now holds provider '\(manifest.id)', not '\(expectedID)'") }
                return (process, hello, manifest)
            } catch {
                _ = process.abandon()
                throw error
            }
        case .refused(let code, let reason):
            _ = process.abandon()
            throw PluginLoadError(code: PluginLoadError.Code(name: code), path: path, reason: reason)
        default:
            let status = process.abandon()
            throw refuse("its provider process did not load the plugin within \(settings.startTimeoutMs) ms, or died loading it (\(status))")
        }
    }

    func create(config: Data, timeoutMs: UInt64) async throws(PluginCallError) -> (PluginCallResult, (any RuntimeInstance)?) {
        let deadline = HostClock.nowMs() &+ timeoutMs
        let instance = RemoteInstance(config: config)
        switch await bind(instance, on: try await connection(until: deadline), deadlineMs: deadline) {
        case .bound(_, let created): return (created ?? PluginCallResult(raw: 0, retryAfterMs: 0, output: Data(), outputFromHostAllocator: true, elapsedMs: 0), instance)
        case .failed(let result): return (result, nil)
        }
    }

    func invoke(_ instance: any RuntimeInstance, op: String, input: Data, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        try await call(instance as! RemoteInstance, timeoutMs: timeoutMs) { call, id, remaining in
            .invoke(call: call, instance: id, timeoutMs: remaining, op: op, input: input)
        }
    }

    func webhook(_ instance: any RuntimeInstance, delivery: WebhookDelivery, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        try await call(instance as! RemoteInstance, timeoutMs: timeoutMs) { call, id, remaining in
            .webhook(call: call, instance: id, timeoutMs: remaining, delivery: delivery)
        }
    }

    func destroy(_ instance: any RuntimeInstance) {
        guard let (generation, id) = (instance as! RemoteInstance).boundID, case .running(let connection) = state.withLock({ $0.phase }),
            connection.generation == generation
        else { return }
        connection.post(.destroy(instance: id))
    }

    var health: PluginHealth {
        state.withLock { state in
            switch state.phase {
            case .running(let connection):
                PluginHealth(state: .ready, reason: nil, processID: connection.pid, restarts: state.restarts)
            case .starting:
                PluginHealth(state: .restarting, reason: "its provider process died (\(state.lastCause ?? "unknown")) and is starting again", processID: nil, restarts: state.restarts)
            case .quarantined(let reason):
                PluginHealth(state: .quarantined, reason: reason, processID: nil, restarts: state.restarts)
            case .closed:
                PluginHealth(state: .quarantined, reason: "closed", processID: nil, restarts: state.restarts)
            }
        }
    }

    func reset() -> Bool {
        state.withLock { state in
            guard case .quarantined = state.phase else { return }
            state.deaths = []
            state.phase = .starting(restart(after: .zero))
            logger.log(.notice, "quarantine lifted: starting the provider process")
        }
        return true
    }

    func close() {
        let phase = state.withLock { state in
            defer { state.phase = .closed }
            return state.phase
        }
        if case .running(let connection) = phase { connection.stop() }
    }

    /// One invoke or webhook: the running process (waiting for a restart until the deadline), the instance created in
    /// it, then the call itself. If the process dies under the call, the answer is INTERNAL and in doubt; if it had
    /// died before the call went out, the call goes to its successor.
    private func call(
        _ instance: RemoteInstance, timeoutMs: UInt64, _ request: @escaping (_ call: UInt64, _ instance: UInt64, _ timeoutMs: UInt64) -> ProviderRequest
    ) async throws(PluginCallError) -> PluginCallResult {
        let deadline = HostClock.nowMs() &+ timeoutMs
        while true {
            let connection = try await connection(until: deadline)
            switch await bind(instance, on: connection, deadlineMs: deadline) {
            case .failed(let result):
                return result
            case .bound(let id, _):
                let remaining = Self.remaining(until: deadline)
                if let answer = await connection.call(inDoubtOnDeath: true, timeoutMs: remaining, { request($0, id, remaining) }) { return answer.result }
                guard await connection.exitHandled.wait(untilMs: deadline) != nil else {
                    throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is restarting its provider process")
                }
            }
        }
    }

    /// The running process; while it restarts, waits for it until `deadlineMs`.
    private func connection(until deadlineMs: UInt64) async throws(PluginCallError) -> ProviderConnection {
        let phase = state.withLock { $0.phase }
        switch phase {
        case .running(let connection):
            return connection
        case .quarantined(let reason):
            throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is quarantined: \(reason)")
        case .closed:
            throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is closed")
        case .starting(let start):
            guard let started = await start.wait(untilMs: deadlineMs) else {
                throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is restarting its provider process")
            }
            return try started.get()
        }
    }

    private enum Binding {
        /// The instance's id in the process; `created` is the create's answer when this call made it.
        case bound(UInt64, created: PluginCallResult?)
        case failed(PluginCallResult)
    }

    /// The instance's id in `connection`'s process, creating it there first when it was made in an earlier process (or
    /// is new). Concurrent calls wait for one create.
    private func bind(_ instance: RemoteInstance, on connection: ProviderConnection, deadlineMs: UInt64) async -> Binding {
        switch instance.claim(generation: connection.generation) {
        case .bound(let id):
            return .bound(id, created: nil)
        case .creating(let pending):
            guard let outcome = await pending.wait(untilMs: deadlineMs) else {
                return .failed(PluginCallResult(hostError: .timeout, message: "the instance was still being created in the provider process"))
            }
            return outcome.map { .bound($0, created: nil) } ?? .failed(PluginCallResult(hostError: .internal, message: "creating the instance failed"))
        case .create(let pending):
            let remaining = Self.remaining(until: deadlineMs)
            let answer = await connection.call(inDoubtOnDeath: false, timeoutMs: remaining) {
                .create(call: $0, timeoutMs: remaining, config: instance.config)
            }
            let (result, id) = answer ?? (PluginCallResult(hostError: .internal, message: "provider process for \(providerID) had ended"), 0)
            let created = result.status == .ok && id != 0 ? id : nil
            instance.settle(generation: connection.generation, id: created)
            pending.fulfil(created)
            return created.map { .bound($0, created: result) } ?? .failed(result)
        }
    }

    private static func remaining(until deadlineMs: UInt64) -> UInt64 {
        let now = HostClock.nowMs()
        return deadlineMs > now ? deadlineMs - now : 0
    }

    /// Wraps a started process; its end is reported to `exited`.
    private func connect(_ process: ProviderProcess, generation: UInt64) -> ProviderConnection {
        ProviderConnection(process: process, generation: generation, providerID: providerID, settings: settings, logger: logger) { [weak self] connection, cause in
            self?.exited(connection, cause: cause)
        }
    }

    /// A process ended: start another after a backoff, or quarantine the plugin when it keeps dying.
    private func exited(_ connection: ProviderConnection, cause: String) {
        state.withLock { state in
            guard case .running(let current) = state.phase, current === connection else { return }
            died(&state, cause: cause)
        }
    }

    /// Records a death (of a process, or of a start that failed) and decides what comes next.
    private func died(_ state: inout State, cause: String) {
        let now = ContinuousClock.now
        state.deaths = state.deaths.filter { now - $0 < settings.deathWindow } + [now]
        state.lastCause = cause
        if state.deaths.count >= settings.deathLimit {
            let minutes = Int(settings.deathWindow.components.seconds / 60)
            let reason = "its provider process died \(state.deaths.count) times within \(minutes) minutes (last: \(cause)); "
                + "`gateway plugins reset \(providerID)` lifts this"
            state.phase = .quarantined(reason)
            logger.log(.critical, "plugin quarantined: \(reason)")
            return
        }
        let backoff = Duration.milliseconds(min(100 << min(state.deaths.count - 1, 7), 10_000))
        logger.log(.notice, "restarting the provider process in \(backoff.milliseconds) ms")
        state.phase = .starting(restart(after: backoff))
    }

    /// Starts a new process after `delay`, on a plugin call thread (starting blocks until the hello).
    private func restart(after delay: Duration) -> Start {
        let start = Start()
        let (path, settings, providerID, logger) = (path, settings, providerID, logger)
        Task.detached { [weak self] in
            try? await Task.sleep(for: delay)
            let launched = await PluginCallThreads.shared.run {
                Result { () throws(PluginLoadError) in try Self.launch(path: path, settings: settings, expectedID: providerID, logger: logger).0 }
            }
            guard let self else {
                if case .success(let process) = launched { _ = process.abandon() }
                return
            }
            self.started(launched, for: start)
        }
        return start
    }

    private func started(_ launched: Result<ProviderProcess, PluginLoadError>, for start: Start) {
        let outcome: Result<ProviderConnection, PluginCallError> = state.withLock { state in
            guard case .starting(let current) = state.phase, current === start else {
                if case .success(let process) = launched { _ = process.abandon() }
                return .failure(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is closed"))
            }
            switch launched {
            case .success(let process):
                state.generation += 1
                state.restarts += 1
                let connection = connect(process, generation: state.generation)
                state.phase = .running(connection)
                return .success(connection)
            case .failure(let error):
                died(&state, cause: error.reason)
                return .failure(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' could not restart: \(error.reason)"))
            }
        }
        if case .success = outcome { logger.log(.notice, "provider process restarted") }
        start.fulfil(outcome)
    }
}

/// An instance in a provider process, as the host holds it: its config (to create it again in a new process) and its
/// id in the process it was last created in.
final class RemoteInstance: RuntimeInstance {
    let config: Data
    private let binding = Mutex<Binding>(.unbound)

    private enum Binding {
        case unbound
        case bound(generation: UInt64, id: UInt64)
        case creating(generation: UInt64, Eventual<UInt64?>)
    }

    /// What a call must do to use the instance in the process of `generation`.
    enum Claim {
        case bound(UInt64)
        case creating(Eventual<UInt64?>)
        /// Create it, then `settle` and fulfil.
        case create(Eventual<UInt64?>)
    }

    init(config: Data) {
        self.config = config
    }

    var boundID: (generation: UInt64, id: UInt64)? {
        binding.withLock { binding in
            if case .bound(let generation, let id) = binding { return (generation, id) }
            return nil
        }
    }

    func claim(generation: UInt64) -> Claim {
        binding.withLock { binding in
            switch binding {
            case .bound(let bound, let id) where bound == generation:
                return .bound(id)
            case .creating(let creating, let pending) where creating == generation:
                return .creating(pending)
            default:
                let pending = Eventual<UInt64?>()
                binding = .creating(generation: generation, pending)
                return .create(pending)
            }
        }
    }

    func settle(generation: UInt64, id: UInt64?) {
        binding.withLock { binding in
            guard case .creating(let creating, _) = binding, creating == generation else { return }
            binding = id.map { .bound(generation: generation, id: $0) } ?? .unbound
        }
    }
}
