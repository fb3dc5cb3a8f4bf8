import Foundation
import Logging
import ServiceLifecycle

/// Fires triggers every second. Time-based: it claims due timers (a lease, so two processes never fire one at once),
/// checks the episode is still current and the trigger still on. Event-based: it reads the event log past its cursor.
/// Then it evaluates the condition, runs the action with an idempotency key derived from the execution, and logs the
/// execution. An episode or event runs once per trigger: a second fire finds its execution row, and a fire that died
/// midway is finished by the next one with the same key.
struct TriggerScheduler: Service {
    let store: any GatewayStore
    let actions: TriggerActions
    let logger: Logger
    var interval: Duration = .seconds(1)

    static let claimLease: TimeInterval = 60
    static let batch = 100
    /// The event log reader's name in `scheduler_cursors`.
    static let eventCursor = "trigger_events"
    /// How old an event must be before it is read on PostgreSQL: several writers commit out of sequence order, and a
    /// cursor past an event still being committed would skip it. (SQLite has one writer: no lag.)
    static let postgresEventLag: TimeInterval = 10

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

    /// Fires every timer due at `now` (tests pass their own clock) and every trigger new events call for; returns how
    /// many timers were claimed.
    @discardableResult
    func tick(now: Date) async throws -> Int {
        var claimed = 0
        while true {
            let timers = try await store.claimDueTimers(now: now, lease: Self.claimLease, limit: Self.batch)
            for timer in timers { try await fire(timer, now: now) }
            claimed += timers.count
            if timers.count < Self.batch { break }
        }
        try await readEvents(now: now)
        return claimed
    }

    /// Event-based triggers: the events past the cursor, each matched against its client's active event triggers.
    private func readEvents(now: Date) async throws {
        let until = store.backendName == SQLDatabase.Backend.postgres.rawValue ? now.addingTimeInterval(-Self.postgresEventLag) : now
        var position = try await store.cursor(Self.eventCursor)
        var triggersOf: [String: [TriggerRecord]] = [:]
        while true {
            let events = try await store.eventsAfter(position, until: until, limit: Self.batch)
            for event in events {
                if triggersOf[event.clientID] == nil {
                    triggersOf[event.clientID] = try await store.triggers(clientID: event.clientID, active: true).filter {
                        $0.triggerType == "event_based"
                    }
                }
                for trigger in triggersOf[event.clientID] ?? [] where TriggerEvents.matches(trigger, event) {
                    try await fire(trigger, on: event, now: now)
                }
            }
            guard let last = events.last else { return }
            position = last.seq
            try await store.advanceCursor(Self.eventCursor, to: position)
            if events.count < Self.batch { return }
        }
    }

    private func fire(_ trigger: TriggerRecord, on event: EventRecord, now: Date) async throws {
        guard let conversationID = event.conversationID, let conversation = try await store.conversation(clientID: event.clientID, id: conversationID)
        else {
            return  // the actions act on a conversation; an event without one calls for none
        }
        let started = ContinuousClock.now
        let execution = try await store.startExecution(trigger: trigger.id, event: event, id: UUID().uuidString.lowercased(), at: now)
        guard !execution.done else { return }
        let outcome = await actions.run(trigger, conversation: conversation, event: event.data, executionID: execution.id, now: now)
        try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
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
        if trigger.actionConfig["business_hours"] == .bool(true), let hours = try await store.businessHours(clientID: trigger.clientID),
            !hours.isOpen(at: now),
            let opening = hours.nextOpening(after: now)
        {
            // Outside business hours: the timer waits for the next window, spread into it so a backlog is not one burst.
            let spread = Double.random(in: 0...min(BusinessHours.maxJitter, opening.length))
            return try await store.deferTimer(timer, to: opening.at.addingTimeInterval(spread))
        }
        let started = ContinuousClock.now
        let execution = try await store.startExecution(timer, id: UUID().uuidString.lowercased(), at: now)
        guard !execution.done else { return try await store.dropTimer(timer) }
        let outcome = await actions.run(trigger, conversation: conversation, executionID: execution.id, now: now)
        try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
        try await store.dropTimer(timer)
    }

    /// Logs what an execution did.
    private func finish(
        _ id: String, _ trigger: TriggerRecord, _ conversation: ConversationRecord, _ outcome: TriggerActions.Outcome, now: Date,
        started: ContinuousClock.Instant
    ) async throws {
        try await store.finishExecution(
            TriggerExecution(
                id: id, triggerID: trigger.id, clientID: trigger.clientID, conversationID: conversation.id, executedAt: now,
                conditionMet: outcome.conditionMet, actionExecuted: outcome.actionExecuted, result: outcome.result, errorMessage: outcome.error,
                skipReason: outcome.skipReason, milliseconds: Int(started.duration(to: .now).milliseconds)
            )
        )
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
