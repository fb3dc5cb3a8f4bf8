import Foundation

/// How a loaded plugin's calls are carried out: in the host's address space, or in a provider process.
protocol PluginRuntime: AnyObject, Sendable {
    /// Creates an instance from a config; the plugin's answer, and the instance when it made one.
    func create(config: Data, timeoutMs: UInt64) async throws(PluginCallError) -> (PluginCallResult, (any RuntimeInstance)?)
    func invoke(_ instance: any RuntimeInstance, op: String, input: Data, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult
    func webhook(_ instance: any RuntimeInstance, delivery: WebhookDelivery, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult
    /// Destroys an instance no call holds any more.
    func destroy(_ instance: any RuntimeInstance)
    var health: PluginHealth { get }
    /// Lifts a quarantine; false when this runtime cannot (in-process, only the overrunning calls returning can).
    func reset() -> Bool
    /// Stops serving: the plugin's process, if it has one, ends.
    func close()
}

/// An instance as its runtime knows it.
protocol RuntimeInstance: AnyObject, Sendable {}

/// Whether a plugin can take calls, and why not.
public struct PluginHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        case ready
        /// Ready, with no provider process running: the next call starts one.
        case idle
        /// Its provider process died and is being started again.
        case restarting
        /// No calls until its problem clears (in-process) or an admin resets it (process).
        case quarantined
    }

    public let state: State

    /// Whether its calls are served as they come (not waiting for a restart, not refused).
    public var isUp: Bool { state == .ready || state == .idle }
    public let reason: String?
    /// The provider process, when the plugin has one running.
    public let processID: Int32?
    /// How often its provider process has been started again.
    public let restarts: Int
}
