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
    public static func run(_ options: Options) -> Never {
        _ = cgw_die_with_parent()
        signal(SIGPIPE, SIG_IGN)
        _ = cgw_limit_memory(UInt64(clamping: options.memoryLimitBytes), 2)

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
        ProviderHostSession(native: native, threadSafe: threadSafe, writer: writer, maxOutputBytes: options.maxOutputBytes).serve(
            channel, maxThreads: options.maxThreads
        )
    }
}

/// Writes reports to the host, one whole frame at a time; once the host is gone there is nobody to serve. The lock is
/// held across a blocking write, so it is a pthread mutex that sleeps, not a `Mutex` that spins.
final class ReportWriter: @unchecked Sendable {
    private let fd: Int32
    private let writing = NSLock()

    init(fd: Int32) {
        self.fd = fd
    }

    func send(_ report: ProviderReport) {
        let frame = report.encoded()
        let written = writing.withLock { ProviderSocket.writeAll(fd, frame[...]) }
        if !written { _exit(0) }
    }
}
