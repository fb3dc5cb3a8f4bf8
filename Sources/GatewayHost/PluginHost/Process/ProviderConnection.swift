import CGatewaySupport
import Foundation
import Glibc
import Logging
import Synchronization

/// The host's end of one running provider process. It sends requests, hands each answer to the call awaiting it, kills
/// the process (SIGKILL) when a call overruns its deadline by the grace period, and, once the process has ended,
/// answers every call still waiting with the cause: "provider process for sendgrid died: signal 4".
final class ProviderConnection: Sendable {
    let process: ProviderProcess
    /// Which start of the plugin's process this is (1 for the first): instances live in one generation.
    let generation: UInt64
    let providerID: String
    private let graceMs: UInt64
    private let maxFrame: Int
    private let logger: PluginLogger
    private let outbox: FrameOutbox
    private let lastCall = Atomic<UInt64>(0)
    private let state = Mutex(State())
    /// Fulfilled once the process has ended and its owner was told (a successor is on its way).
    let exitHandled = Eventual<Void>()

    private struct Pending {
        let continuation: CheckedContinuation<(result: PluginCallResult, instance: UInt64)?, Never>
        let alarm: UInt64
        /// Whether the call may have taken effect if the process dies under it (a create leaves nothing in doubt).
        let inDoubtOnDeath: Bool
    }

    private struct State {
        var pending: [UInt64: Pending] = [:]
        /// Why the process ended, once it has.
        var ended: String?
        /// Why the host killed it, when it did.
        var killedBecause: String?
    }

    /// Takes over a started process that has said hello; `onExit` runs once, on the reader thread, after the process
    /// has ended and every waiting call has been answered.
    init(process: ProviderProcess, generation: UInt64, providerID: String, settings: PluginSettings, logger: PluginLogger,
         onExit: @escaping @Sendable (ProviderConnection, String) -> Void) {
        self.process = process
        self.generation = generation
        self.providerID = providerID
        graceMs = settings.graceMs
        maxFrame = ProviderFrame.maxChildFrame(maxOutputBytes: settings.maxOutputBytes)
        self.logger = logger
        let socket = SharedDescriptor(process.socket, users: 2)  // the reader and the outbox
        outbox = FrameOutbox(fd: process.socket) { socket.release() }
        let reader = Thread { [self] in
            readReports(then: onExit)
            socket.release()
        }
        reader.name = "provider-reader"
        reader.start()
    }

    var pid: pid_t { process.pid }

    /// Sends one request and waits for its answer; nil when the process had already ended, so nothing was sent. A call
    /// still unanswered `timeoutMs` + grace from now gets the process killed; a process that ends first answers INTERNAL
    /// with the cause. Cancelling the task asks the process to raise the call's cancel flag.
    func call(inDoubtOnDeath: Bool, timeoutMs: UInt64, _ request: (UInt64) -> ProviderRequest) async -> (result: PluginCallResult, instance: UInt64)? {
        let id = lastCall.wrappingAdd(1, ordering: .relaxed).newValue
        let frame = request(id).encoded()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<(result: PluginCallResult, instance: UInt64)?, Never>) in
                let alarm = PluginWatchdog.shared.schedule(atMs: HostClock.nowMs() &+ timeoutMs &+ graceMs) { [weak self] in
                    self?.overran(id, timeoutMs: timeoutMs)
                }
                let ended = state.withLock { state in
                    guard state.ended == nil else { return true }
                    state.pending[id] = Pending(continuation: continuation, alarm: alarm, inDoubtOnDeath: inDoubtOnDeath)
                    return false
                }
                if ended {
                    PluginWatchdog.shared.cancel(alarm)
                    continuation.resume(returning: nil)
                } else if !outbox.send(frame) {
                    kill(because: "it stopped reading its input")
                }
            }
        } onCancel: {
            _ = outbox.send(ProviderRequest.cancel(call: id).encoded())
        }
    }

    /// Sends a request nobody waits on (destroy).
    func post(_ request: ProviderRequest) {
        _ = outbox.send(request.encoded())
    }

    /// Ends the process (the host is closing the plugin).
    func stop() {
        kill(because: Self.stoppedByHost)
    }

    private static let stoppedByHost = "the host stopped it"

    private func kill(because reason: String) {
        state.withLock { state in
            if state.killedBecause == nil, state.ended == nil { state.killedBecause = reason }
        }
        process.kill()
    }

    private func overran(_ id: UInt64, timeoutMs: UInt64) {
        guard state.withLock({ $0.pending[id] != nil }) else { return }
        logger.log(.warning, "a call overran its deadline: killing the provider process")
        kill(because: "killed after a call overran its \(timeoutMs) ms deadline by \(graceMs) ms")
    }

    private func died(_ cause: String, inDoubt: Bool) -> PluginCallResult {
        PluginCallResult(hostError: .internal, message: "provider process for \(providerID) died: \(cause)", inDoubt: inDoubt)
    }

    /// The reader thread: answers until the process ends, then reaps it and answers whatever is left.
    private func readReports(then onExit: @Sendable (ProviderConnection, String) -> Void) {
        let end = ProviderSocket.readFrames(process.socket, maxFrame: maxFrame) { frame in
            switch try ProviderReport(frame: frame) {
            case .result(let call, let instance, let answer):
                guard let pending = state.withLock({ $0.pending.removeValue(forKey: call) }) else { return }
                PluginWatchdog.shared.cancel(pending.alarm)
                pending.continuation.resume(returning: (answer, instance))
            case .log(let level, let text):
                logger.log(level, text)
            case .hello, .refused:
                throw ProviderFrame.Malformed(description: "a second hello")
            }
        }
        if case .malformed(let reason) = end { kill(because: "it sent a malformed frame (\(reason))") }
        let status = process.reap()
        let (cause, waiting) = state.withLock { state in
            let cause = state.killedBecause ?? status
            state.ended = cause
            defer { state.pending = [:] }
            return (cause, state.pending.values)
        }
        outbox.close()
        logger.log(cause == Self.stoppedByHost ? .debug : .error, "provider process ended: \(cause)")
        onExit(self, cause)  // first, so a caller told of the death finds the plugin restarting, not this process
        exitHandled.fulfil(())
        for pending in waiting {
            PluginWatchdog.shared.cancel(pending.alarm)
            pending.continuation.resume(returning: (died(cause, inDoubt: pending.inDoubtOnDeath), 0))
        }
    }
}

/// A descriptor several threads use, closed when the last of them is done with it (never while one may still read it:
/// the number could be reused by another file).
final class SharedDescriptor: Sendable {
    private let fd: Int32
    private let users: Atomic<Int>

    init(_ fd: Int32, users: Int) {
        self.fd = fd
        self.users = Atomic(users)
    }

    func release() {
        if users.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0 { close(fd) }
    }
}
