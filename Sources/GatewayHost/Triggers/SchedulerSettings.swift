/// How the trigger scheduler runs in this process: whether at all, how often it ticks, and how long a claimed timer
/// stays its claimer's before another process may fire it.
public struct SchedulerSettings: Sendable {
    /// `GATEWAY_SCHEDULER=off` runs no scheduler in `serve` and `worker` (a `gateway scheduler` process runs it).
    public var enabled = true
    public var interval: Duration = .seconds(1)
    /// Longer than a fire takes: a claim that runs out lets another process finish the fire with the same keys.
    public var claimLease: Duration = .seconds(60)
    /// Due timers one client has claimed a round, before the next client's turn (`TriggerScheduler.fireDueTimers`).
    public var timersPerClientRound = 100

    public init() {}

    /// Reads the scheduler keys GatewayConfiguration lists; a malformed value is an error naming its key.
    mutating func read(_ environment: [String: String]) throws(ConfigurationError) {
        switch environment["GATEWAY_SCHEDULER"] {
        // A file's boolean arrives as on/off (YAML) or 1/0 (JSON).
        case nil, "on", "true", "1": enabled = true
        case "off", "false", "0": enabled = false
        case let other?: throw ConfigurationError(key: "GATEWAY_SCHEDULER", value: other, reason: "it is on or off")
        }
        if let value = try EnvironmentValue.integer("GATEWAY_SCHEDULER_INTERVAL_MS", environment, in: 50...60_000) { interval = .milliseconds(value) }
        if let value = try EnvironmentValue.integer("GATEWAY_TRIGGER_CLAIM_MS", environment, in: 1_000...3_600_000) {
            claimLease = .milliseconds(value)
        }
    }
}
