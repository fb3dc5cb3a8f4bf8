import CGatewaySupport
import Foundation
import Glibc
import Logging
import Synchronization

/// `gateway provider-host`: the provider process. It loads one plugin exactly as the host's loader does, says hello
/// with the plugin's manifest and webhook vectors, then serves the host's calls over fd 3 until the host closes it.
/// Calls run at once on its own threads; the plugin's `thread_safe` rule still decides what may run concurrently on
/// one instance. It lives in an address-space cap, connects only where the host's network policy allows, and dies with
/// the host.
public enum ProviderHostServer {
    public struct Options: Sendable {
        public var pluginPath: String
        public var memoryLimitBytes: Int
        public var maxOutputBytes: Int
        public var allowedNetworks: String
        public var maxThreads: Int

        public init(pluginPath: String, memoryLimitBytes: Int, maxOutputBytes: Int, allowedNetworks: String, maxThreads: Int) {
            self.pluginPath = pluginPath
            self.memoryLimitBytes = memoryLimitBytes
            self.maxOutputBytes = maxOutputBytes
            self.allowedNetworks = allowedNetworks
            self.maxThreads = maxThreads
        }

        /// The command line the host starts it with.
        var arguments: [String] {
            [
                "provider-host", "--plugin", pluginPath, "--memory-limit", String(memoryLimitBytes), "--max-output", String(maxOutputBytes),
                "--allowed-networks", allowedNetworks, "--threads", String(maxThreads),
            ]
        }
    }

    /// The descriptor the host's socket is on.
    static let channel: Int32 = 3
    /// Stack of each call thread: plugins need little, and the address-space cap counts every reserved stack.
    static let threadStackSize = 2 << 20

    public static func run(_ options: Options) -> Never {
        _ = cgw_die_with_parent()
        signal(SIGPIPE, SIG_IGN)
        _ = cgw_limit_memory(UInt64(options.memoryLimitBytes), 2)

        let writer = ReportWriter(fd: channel)
        let policy = (try? NetworkPolicy(allowing: options.allowedNetworks)) ?? NetworkPolicy()
        let context = PluginHostContext(policy: policy) { level, text in writer.send(.log(level: level, text: String(text.prefix(4_096)))) }
        let native: NativePlugin
        do {
            native = try PluginLibrary.load(path: options.pluginPath, context: context)
        } catch {
            writer.send(.refused(code: error.code.description, reason: error.reason))
            _exit(0)
        }
        let threadSafe = (try? PluginManifest.parse(native.manifestJSON))?.threadSafe ?? false
        let (major, minor) = native.abiVersion
        writer.send(
            .hello(
                ProviderHello(
                    abiMajor: major, abiMinor: minor, takesWebhooks: native.takesWebhooks, manifest: native.manifestJSON, webhookVectors: native.webhookVectorsJSON
                )
            )
        )
        let session = ProviderHostSession(
            native: native, threadSafe: threadSafe, writer: writer, maxOutputBytes: options.maxOutputBytes,
            threads: PluginCallThreads(maxThreads: options.maxThreads, stackSize: threadStackSize)
        )
        _ = ProviderSocket.readFrames(channel, maxFrame: ProviderFrame.maxHostFrame) { frame in session.handle(try ProviderRequest(frame: frame)) }
        _exit(0)  // the host closed the socket (or sent garbage): nothing more to serve
    }
}

/// Writes reports to the host, one whole frame at a time; once the host is gone there is nobody to serve.
final class ReportWriter: Sendable {
    private let fd: Int32
    private let writing = Mutex(())

    init(fd: Int32) {
        self.fd = fd
    }

    func send(_ report: ProviderReport) {
        let frame = report.encoded()
        let written = writing.withLock { _ in ProviderSocket.writeAll(fd, frame[...]) }
        if !written { _exit(0) }
    }
}

/// The provider process's instances and the calls running on them.
final class ProviderHostSession: Sendable {
    let native: NativePlugin
    let threadSafe: Bool
    let writer: ReportWriter
    let maxOutputBytes: Int
    let threads: PluginCallThreads
    private let instances = Mutex<[UInt64: NativeInstance]>([:])
    private let lastInstance = Atomic<UInt64>(0)
    private let cancelFlags = Mutex<[UInt64: CancelFlag]>([:])

    init(native: NativePlugin, threadSafe: Bool, writer: ReportWriter, maxOutputBytes: Int, threads: PluginCallThreads) {
        self.native = native
        self.threadSafe = threadSafe
        self.writer = writer
        self.maxOutputBytes = maxOutputBytes
        self.threads = threads
    }

    func handle(_ request: ProviderRequest) {
        switch request {
        case .create(let call, let timeoutMs, let config):
            run(call, timeoutMs: timeoutMs) { [self] deadline, flag in
                let (result, instance) = native.create(config: config, threadSafe: threadSafe, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes)
                guard let instance else { return (result, 0) }
                let id = lastInstance.wrappingAdd(1, ordering: .relaxed).newValue
                instances.withLock { $0[id] = instance }
                return (result, id)
            }
        case .invoke(let call, let id, let timeoutMs, let op, let input):
            guard let instance = instances.withLock({ $0[id] }) else { return unknownInstance(call) }
            run(call, timeoutMs: timeoutMs) { [self] deadline, flag in
                (native.invoke(instance, op: op, input: input, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes), 0)
            }
        case .webhook(let call, let id, let timeoutMs, let delivery):
            guard native.takesWebhooks, let instance = instances.withLock({ $0[id] }) else { return unknownInstance(call) }
            run(call, timeoutMs: timeoutMs) { [self] deadline, flag in
                (native.webhook(instance, delivery: delivery, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes), 0)
            }
        case .destroy(let id):
            guard let instance = instances.withLock({ $0.removeValue(forKey: id) }) else { return }
            threads.submit { [native] in native.destroy(instance) }
        case .cancel(let call):
            cancelFlags.withLock { $0[call] }?.raise()
        }
    }

    /// Runs one call on a call thread with its deadline and cancel flag, and reports its answer.
    private func run(_ call: UInt64, timeoutMs: UInt64, _ body: @escaping @Sendable (_ deadlineMs: UInt64, CancelFlag) -> (PluginCallResult, UInt64)) {
        let flag = CancelFlag()
        let (deadline, overflow) = HostClock.nowMs().addingReportingOverflow(timeoutMs)
        cancelFlags.withLock { $0[call] = flag }
        threads.submit { [self] in
            let (result, instance) = body(overflow ? .max : deadline, flag)
            cancelFlags.withLock { _ = $0.removeValue(forKey: call) }
            writer.send(.result(call: call, instance: instance, answer: result))
        }
    }

    private func unknownInstance(_ call: UInt64) {
        writer.send(.result(call: call, instance: 0, answer: PluginCallResult(hostError: .internal, message: "no such instance in the provider process")))
    }
}
