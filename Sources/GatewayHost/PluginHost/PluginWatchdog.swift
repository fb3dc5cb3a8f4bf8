import Foundation

/// Fires plugin-call deadlines from one dedicated thread. It must not depend on the Swift concurrency pool: that pool
/// may be the very thing a misbehaving caller is starving, and the watchdog is what protects the server from it.
final class PluginWatchdog: @unchecked Sendable {
    static let shared = PluginWatchdog()

    private let condition = NSCondition()  // guards everything below
    private var alarms: [UInt64: (atMs: UInt64, action: @Sendable () -> Void)] = [:]
    private var lastToken: UInt64 = 0
    /// When the thread will next wake by itself; a new alarm due earlier wakes it.
    private var sleepingUntilMs: UInt64?

    private init() {
        let thread = Thread { [self] in run() }
        thread.name = "plugin-watchdog"
        thread.start()
    }

    /// Runs `action` on the watchdog thread at `atMs` (host clock) unless cancelled first. Returns the alarm's token.
    func schedule(atMs: UInt64, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        lastToken += 1
        alarms[lastToken] = (atMs, action)
        if sleepingUntilMs.map({ atMs < $0 }) ?? true { condition.signal() }
        return lastToken
    }

    func cancel(_ token: UInt64) {
        condition.lock()
        alarms[token] = nil
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            let now = HostClock.nowMs()
            let due = alarms.filter { $0.value.atMs <= now }
            for token in due.keys { alarms[token] = nil }
            if due.isEmpty {
                sleepingUntilMs = alarms.values.map(\.atMs).min()
                if let wake = sleepingUntilMs {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(wake - now) / 1000))
                } else {
                    condition.wait()
                }
                sleepingUntilMs = nil
            }
            condition.unlock()
            due.values.forEach { $0.action() }
        }
    }
}
