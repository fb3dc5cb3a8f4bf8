import Foundation
import Logging
import Synchronization

/// Runs a plugin in a provider process of its own (`gateway provider-host`). The process starts when a call first
/// needs it (or already runs, when loading had to start it to read the manifest), and exits after `idleExit` without a
/// call. A process that dies (signal, exit, OOM kill, or killed for a call that overran) is started again with backoff;
/// instances are created again in each new process on their next call. A plugin whose process dies `deathLimit` times
/// within `deathWindow` is quarantined until an admin resets it.
final class ProviderProcessRuntime: PluginRuntime {
    let path: String
    let manifest: PluginManifest
    let settings: PluginSettings
    let logger: PluginLogger
    private let state: Mutex<State>

    private var providerID: String { manifest.id }

    private typealias Start = Eventual<Result<ProviderConnection, PluginCallError>>

    private enum Phase {
        /// No process: the next call starts one.
        case idle
        case running(ProviderConnection)
        /// `restarting` after a death or a quarantine; otherwise for a call that found it idle.
        case starting(Start, restarting: Bool)
        case quarantined(String)
        case closed
    }

    private struct State {
        var phase: Phase
        var deaths: [ContinuousClock.Instant] = []
        var lastCause: String?
        var restarts = 0
        var generation: UInt64 = 0
        /// Calls holding the running process, and when the last one ended (or the process started).
        var calls = 0
        var lastActiveMs: UInt64 = 0
        /// Stops the running process once it has been idle long enough.
        var idleWatch: Task<Void, Never>?
    }

    /// Takes over `first` when loading had to start it to read the manifest; without one, the first call starts it.
    init(path: String, manifest: PluginManifest, first: ProviderProcess?, settings: PluginSettings, logger: PluginLogger) {
        self.path = path
        self.manifest = manifest
        self.settings = settings
        self.logger = logger
        state = Mutex(State(phase: .idle))
        if let first { state.withLock { state in _ = run(first, in: &state) } }
    }

    deinit {
        close()
    }

    /// Starts a provider process for the plugin at `path` and waits for its hello; the manifest it reports is checked
    /// as the loader checks any. Once a plugin is loaded, `expected` is its manifest, which the file must still give.
    /// Blocking.
    static func launch(
        path: String, settings: PluginSettings, expected: PluginManifest?, logger: PluginLogger
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
                if let expected, manifest != expected {
                    throw refuse("the file no longer gives the manifest of '\(expected.id)' \(expected.version) it was loaded with; restart the gateway to load the new one")
                }
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
        let connection = try await enter(until: deadline)
        defer { leave() }
        switch await bind(instance, on: connection, deadlineMs: deadline) {
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
            case .idle:
                PluginHealth(state: .idle, reason: "its provider process starts on the next call", processID: nil, restarts: state.restarts)
            case .running(let connection):
                PluginHealth(state: .ready, reason: nil, processID: connection.pid, restarts: state.restarts)
            case .starting(_, restarting: false):
                PluginHealth(state: .idle, reason: "its provider process is starting for a call", processID: nil, restarts: state.restarts)
            case .starting(_, restarting: true):
                PluginHealth(
                    state: .restarting, reason: "its provider process died (\(state.lastCause ?? "unknown")) and is starting again", processID: nil,
                    restarts: state.restarts)
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
            state.phase = .starting(start(after: .zero), restarting: true)
            logger.log(.notice, "quarantine lifted: starting the provider process")
        }
        return true
    }

    func close() {
        let (phase, idleWatch) = state.withLock { state in
            defer { (state.phase, state.idleWatch) = (.closed, nil) }
            return (state.phase, state.idleWatch)
        }
        idleWatch?.cancel()
        if case .running(let connection) = phase { connection.stop() }
    }

    /// One invoke or webhook: the running process (started, or waited for while it starts, until the deadline), the
    /// instance created in it, then the call itself. If the process dies under the call, the answer is INTERNAL and in
    /// doubt; if it had died before the call went out, the call goes to its successor.
    private func call(
        _ instance: RemoteInstance, timeoutMs: UInt64, _ request: @escaping (_ call: UInt64, _ instance: UInt64, _ timeoutMs: UInt64) -> ProviderRequest
    ) async throws(PluginCallError) -> PluginCallResult {
        let deadline = HostClock.nowMs() &+ timeoutMs
        while true {
            let connection = try await enter(until: deadline)
            let answer = await attempt(instance, on: connection, deadlineMs: deadline, request)
            leave()
            if let answer { return answer }
            guard await connection.exitHandled.wait(untilMs: deadline) != nil else {
                throw PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is restarting its provider process")
            }
        }
    }

    /// The call on `connection`'s process: its answer, or nil when the process had ended before the call went out.
    private func attempt(
        _ instance: RemoteInstance, on connection: ProviderConnection, deadlineMs: UInt64,
        _ request: (_ call: UInt64, _ instance: UInt64, _ timeoutMs: UInt64) -> ProviderRequest
    ) async -> PluginCallResult? {
        switch await bind(instance, on: connection, deadlineMs: deadlineMs) {
        case .failed(let result):
            return result
        case .bound(let id, _):
            let remaining = Self.remaining(until: deadlineMs)
            return await connection.call(inDoubtOnDeath: true, timeoutMs: remaining, { request($0, id, remaining) })?.result
        }
    }

    private enum Entry {
        case ready(ProviderConnection)
        case wait(Start, restarting: Bool)
        case refused(PluginCallError)
    }

    /// Takes the running process for one call: starts it when idle, and waits for a start until `deadlineMs` (a start
    /// counts against the call's deadline, which callers already size for a provider's network). Each `enter` is paired
    /// with a `leave`; a process some call holds is never stopped for idleness.
    private func enter(until deadlineMs: UInt64) async throws(PluginCallError) -> ProviderConnection {
        while true {
            let entry: Entry = state.withLock { state in
                switch state.phase {
                case .running(let connection):
                    state.calls += 1
                    return .ready(connection)
                case .idle:
                    let start = start(after: .zero)
                    state.phase = .starting(start, restarting: false)
                    return .wait(start, restarting: false)
                case .starting(let start, let restarting):
                    return .wait(start, restarting: restarting)
                case .quarantined(let reason):
                    return .refused(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is quarantined: \(reason)"))
                case .closed:
                    return .refused(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is closed"))
                }
            }
            switch entry {
            case .ready(let connection):
                return connection
            case .refused(let error):
                throw error
            case .wait(let start, let restarting):
                guard let started = await start.wait(untilMs: deadlineMs) else {
                    // The start goes on: a later call finds the process running.
                    throw PluginCallError(
                        code: .providerUnavailable, message: "provider '\(providerID)' is \(restarting ? "restarting" : "starting") its provider process")
                }
                _ = try started.get()  // started: take it under the lock, as any call does
            }
        }
    }

    private func leave() {
        state.withLock { state in
            state.calls -= 1
            state.lastActiveMs = HostClock.nowMs()
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

    /// Makes a started process the running one (inside the lock); its end is reported to `exited`, and with
    /// `idleExit` set it is stopped once no call has held it for that long.
    private func run(_ process: ProviderProcess, in state: inout State) -> ProviderConnection {
        state.generation += 1
        let connection = ProviderConnection(process: process, generation: state.generation, providerID: providerID, settings: settings, logger: logger) {
            [weak self] connection, cause in self?.exited(connection, cause: cause)
        }
        state.phase = .running(connection)
        state.lastActiveMs = HostClock.nowMs()
        state.idleWatch?.cancel()
        state.idleWatch = settings.idleExit.map { watchIdle(connection, idleMs: UInt64(clamping: $0.milliseconds)) }
        return connection
    }

    private enum IdleCheck {
        case busy(askAgainInMs: UInt64)
        case stopped
        /// The process is no longer the running one.
        case gone
    }

    /// Asks, when `connection` may have been idle for `idleMs`, whether it has; stops it when it has.
    private func watchIdle(_ connection: ProviderConnection, idleMs: UInt64) -> Task<Void, Never> {
        Task.detached { [weak self] in
            var waitMs = idleMs
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(waitMs))
                guard let self, case .busy(let next) = self.stopIfIdle(connection, idleMs: idleMs) else { return }
                waitMs = next
            }
        }
    }

    private func stopIfIdle(_ connection: ProviderConnection, idleMs: UInt64) -> IdleCheck {
        let now = HostClock.nowMs()
        let check: IdleCheck = state.withLock { state in
            guard case .running(let current) = state.phase, current === connection else { return .gone }
            let idleFor = now > state.lastActiveMs ? now - state.lastActiveMs : 0
            guard state.calls == 0, idleFor >= idleMs else { return .busy(askAgainInMs: state.calls > 0 ? idleMs : idleMs - idleFor) }
            (state.phase, state.idleWatch) = (.idle, nil)
            return .stopped
        }
        if case .stopped = check {
            logger.log(.info, "provider process stopped after \(idleMs) ms without a call; the next call starts it again")
            connection.stop()
        }
        return check
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
        state.phase = .starting(start(after: backoff), restarting: true)
    }

    /// Starts a process after `delay`, on a plugin call thread (starting blocks until the hello), for the `.starting`
    /// phase the caller sets.
    private func start(after delay: Duration) -> Start {
        let start = Start()
        let (path, settings, manifest, logger) = (path, settings, manifest, logger)
        Task.detached { [weak self] in
            if delay > .zero { try? await Task.sleep(for: delay) }
            let launched = await PluginCallThreads.shared.run {
                Result { () throws(PluginLoadError) in try Self.launch(path: path, settings: settings, expected: manifest, logger: logger).0 }
            }
            guard let self else {
                if case .success(let process) = launched { _ = process.abandon() }
                return
            }
            self.started(launched, for: start)
        }
        return start
    }

    /// A start ended: its process runs, or its failure counts as a death. Only a restart (after a death or a
    /// quarantine) counts in `restarts`, not a start for a call that found the plugin idle.
    private func started(_ launched: Result<ProviderProcess, PluginLoadError>, for start: Start) {
        var restarting = false
        let outcome: Result<ProviderConnection, PluginCallError> = state.withLock { state in
            guard case .starting(let current, let isRestart) = state.phase, current === start else {
                if case .success(let process) = launched { _ = process.abandon() }
                return .failure(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' is closed"))
            }
            restarting = isRestart
            switch launched {
            case .success(let process):
                if restarting { state.restarts += 1 }
                return .success(run(process, in: &state))
            case .failure(let error):
                died(&state, cause: error.reason)
                return .failure(PluginCallError(code: .providerUnavailable, message: "provider '\(providerID)' could not start its provider process: \(error.reason)"))
            }
        }
        if case .success = outcome { logger.log(restarting ? .notice : .info, restarting ? "provider process restarted" : "provider process started for a call") }
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
