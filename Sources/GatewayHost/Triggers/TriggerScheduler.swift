import Foundation
import Logging
import ServiceLifecycle

/// Fires time-based triggers: every second it claims due timers (a lease, so two processes never fire one at once),
/// checks the episode is still current and the trigger still on, evaluates the condition again, runs the action with
/// an idempotency key derived from the execution, and logs the execution. An episode runs once: a second fire finds its
/// execution row, and a fire that died midway is finished by the next one with the same key.
struct TriggerScheduler: Service {
    let store: any GatewayStore
    let actions: TriggerActions
    let logger: Logger
    var interval: Duration = .seconds(1)

    static let claimLease: TimeInterval = 60
    static let batch = 100

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await tick(now: Date())
                } catch {
                    logger.error("trigger timers not fired", metadata: ["error.message": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Fires every timer due at `now` (tests pass their own clock); returns how many were claimed.
    @discardableResult
    func tick(now: Date) async throws -> Int {
        var claimed = 0
        while true {
            let timers = try await store.claimDueTimers(now: now, lease: Self.claimLease, limit: Self.batch)
            for timer in timers { try await fire(timer, now: now) }
            claimed += timers.count
            if timers.count < Self.batch { return claimed }
        }
    }

    private func fire(_ timer: TriggerTimer, now: Date) async throws {
        guard let trigger = try await store.trigger(clientID: timer.clientID, id: timer.triggerID), trigger.active,
            let delay = trigger.delay, let conversation = try await store.conversation(clientID: timer.clientID, id: timer.conversationID)
        else {
            return try await store.dropTimer(timer)  // switched off, changed or deleted meanwhile: its timers were re-armed or dropped
        }
        guard Self.reference(delay.referenceField, of: conversation).map({ abs($0.timeIntervalSince(timer.referenceAt)) < 0.001 }) == true else {
            return try await store.dropTimer(timer)  // the reference moved (the contact wrote again): a new timer holds the new episode
        }
        let started = ContinuousClock.now
        let execution = try await store.startExecution(timer, id: UUID().uuidString.lowercased(), at: now)
        guard !execution.done else { return try await store.dropTimer(timer) }
        let outcome = await actions.run(trigger, conversation: conversation, executionID: execution.id, now: now)
        try await store.finishExecution(
            TriggerExecution(
                id: execution.id, triggerID: trigger.id, clientID: trigger.clientID, conversationID: conversation.id, executedAt: now,
                conditionMet: outcome.conditionMet, actionExecuted: outcome.actionExecuted, result: outcome.result, errorMessage: outcome.error,
                skipReason: outcome.skipReason, milliseconds: Int(started.duration(to: .now).milliseconds)
            )
        )
        try await store.dropTimer(timer)
        logger.info(
            "trigger fired",
            metadata: [
                "client.id": "\(trigger.clientID)", "trigger.id": "\(trigger.id)", "trigger.action_executed": "\(outcome.actionExecuted)",
                "trigger.skip_reason": "\(outcome.skipReason ?? "")",
            ]
        )
    }

    static func reference(_ field: String, of conversation: ConversationRecord) -> Date? {
        switch field {
        case "last_message_at": conversation.lastMessageAt
        case "last_inbound_at": conversation.lastInboundAt
        case "last_outbound_at": conversation.lastOutboundAt
        default: conversation.createdAt
        }
    }
}
