import Foundation

/// How plugins are loaded and called: in a provider process of their own (the default) or in the host's process,
/// the limits each one runs under, and the network policy handed to them.
public struct PluginSettings: Sendable {
    public enum Isolation: String, Sendable {
        /// Each plugin in a child process (`gateway provider-host`): a crash, hang or leak takes down only that child.
        case process
        /// In the host's own address space: the direct path, for trusted plugins and benchmarks.
        case inProcess = "in-process"
    }

    public var isolation: Isolation = .process
    /// Plugin ids loaded in-process whatever `isolation` says (`GATEWAY_PLUGINS_IN_PROCESS`).
    public var inProcessIDs: Set<String> = []
    /// How long past its deadline a call may run before its provider process is killed (or, in-process, the plugin
    /// quarantined).
    public var graceMs: UInt64 = 2_000
    /// The address-space cap of each provider process.
    public var memoryLimitBytes = 512 << 20
    /// Calls in flight at once per plugin, and per client within that.
    public var maxInFlight = 32
    public var tenantInFlight = 8
    /// The largest output a plugin call may hand back; larger is INTERNAL "output too large".
    public var maxOutputBytes = 8 << 20
    /// A plugin whose process dies this often within `deathWindow` is quarantined until an admin resets it.
    public var deathLimit = 5
    public var deathWindow: Duration = .seconds(600)
    /// How long a provider process may go without a call before it exits (it starts again on the next); nil: never.
    public var idleExit: Duration? = .seconds(600)
    /// How long a provider process may take to load its plugin and say hello.
    public var startTimeoutMs: UInt64 = 15_000
    /// The `gateway` binary that serves `provider-host`: the running one, or (for tests and benchmarks, which link the
    /// host library into binaries of their own) the `gateway` beside it.
    public var providerHostExecutable: String = PluginSettings.defaultProviderHost
    public var networkPolicy = NetworkPolicy()

    public init() {}

    /// Where this plugin runs.
    public func isolation(for providerID: String) -> Isolation {
        inProcessIDs.contains(providerID) ? .inProcess : isolation
    }

    static var defaultProviderHost: String {
        let running = URL(fileURLWithPath: runningExecutable)
        return running.lastPathComponent == "gateway" ? running.path : running.deletingLastPathComponent().appendingPathComponent("gateway").path
    }

    /// The path of the running binary.
    public static var runningExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
