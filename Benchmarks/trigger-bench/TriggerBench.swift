import Foundation
import GatewayHost
import Logging

/// `trigger-bench`: on the database scripts/trigger-bench.sh generated (DATABASE_URL), times what the scheduler does
/// at scale: arming every trigger's timers afresh (what saving the 100 triggers after a bulk change does, over every
/// conversation), one tick's finding and claiming of the due timers in the tick's batches per client, and idle ticks (nothing
/// due). Prints figures, asserts nothing.
@main
struct TriggerBench {
    static func main() async throws {
        var configuration = try GatewayConfiguration.fromEnvironment()
        configuration.scheduler.enabled = false
        var logger = Logger(label: "trigger-bench")
        logger.logLevel = .warning
        let runtime = try await GatewayRuntime.open(configuration, logger: logger)
        let store = runtime.core.store

        var triggers: [TriggerRecord] = []
        for client in try await store.clients() { triggers += try await store.triggers(clientID: client.id, active: true) }
        let armStart = ContinuousClock.now
        for trigger in triggers { try await store.saveTrigger(trigger) }
        let arm = armStart.duration(to: .now)
        print(
            String(
                format: "arm: %d time-based triggers re-armed over their clients' conversations in %.2f s (%.0f ms per trigger)",
                triggers.count, arm.timeInterval, arm.timeInterval * 1_000 / Double(max(triggers.count, 1))))

        // One tick's claiming: the clients with due timers, then each client's in batches of TriggerScheduler.batch
        // until one comes back short.
        let now = Date()
        let claimStart = ContinuousClock.now
        let clients = try await store.clientsWithDueTimers(now: now)
        let listed = claimStart.duration(to: .now)
        var claimed: [TriggerTimer] = []
        for client in clients {
            while true {
                let batch = try await store.claimDueTimers(clientID: client, now: now, lease: 60, limit: TriggerScheduler.batch)
                claimed += batch
                if batch.count < TriggerScheduler.batch { break }
            }
        }
        let claim = claimStart.duration(to: .now)
        print(
            String(
                format: "tick: found %d clients with due timers in %.3f s, claimed %d due timers in %.3f s (batches of %d per client)",
                clients.count, listed.timeInterval, claimed.count, claim.timeInterval, TriggerScheduler.batch))

        let dropStart = ContinuousClock.now
        for timer in claimed { try await store.dropTimer(timer) }
        print(String(format: "drop: %d fired timers dropped in %.3f s", claimed.count, dropStart.duration(to: .now).timeInterval))

        var idle: [Double] = []
        for _ in 0..<50 {
            let start = ContinuousClock.now
            let fired = try await runtime.scheduler.tick(now: Date())
            idle.append(start.duration(to: .now).timeInterval * 1_000)
            precondition(fired == 0, "an idle tick claimed \(fired) timers")
        }
        idle.sort()
        print(
            String(
                format: "idle tick (nothing due; timers, lease, event log, schedules): median %.2f ms, max %.2f ms over %d ticks",
                idle[idle.count / 2], idle[idle.count - 1], idle.count))
        try await runtime.core.store.close()
        exit(0)
    }
}
