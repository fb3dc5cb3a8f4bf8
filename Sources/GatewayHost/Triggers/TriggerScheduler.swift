package import Foundation
import Logging
package import ServiceLifecycle

/// Fires triggers every second, in every process. Time-based: each process claims due timers (a lease per timer, so
/// two never fire one at once), checks the episode is still current and the trigger still on. The scans over shared
/// state (the event log for event- and condition-based triggers, the cron schedules) are led by one process at a time
/// through a lease in the database. Each fire evaluates the condition, runs the action with an idempotency key derived
/// from the execution, and logs the execution. An episode, occurrence or event runs once per trigger: a second fire
/// finds its execution row, and a fire that died midway is finished by the next one with the same key.
package struct TriggerScheduler: Service {
    let triggers: any TriggerStore
    let runs: any TriggerRunStore
    let state: any SchedulerStateStore
    let hours: any BusinessHoursStore
    let conversations: any ConversationStore
    let events: any EventLog
    let actions: TriggerActions
    let logger: Logger
    var settings: SchedulerSettings
    /// This process's name on the scan lease.
    let holder = RecordID.make()
    /// When the run loop last finished a tick, for `/health`.
    let heartbeat = Heartbeat()

    init(stores: Stores, actions: TriggerActions, logger: Logger, settings: SchedulerSettings = SchedulerSettings()) {
        triggers = stores.triggers
        runs = stores.triggerRuns
        state = stores.schedulerState
        hours = stores.businessHours
        conversations = stores.conversations
        events = stores.events
        self.actions = actions
        self.logger = logger
        self.settings = settings
    }

    package static let batch = 100
    /// The event log reader's name in `scheduler_cursors`.
    static let eventCursor = "trigger_events"

    package func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await tick(now: Date())
                    heartbeat.beat()
                } catch {
                    logger.error("trigger timers not fired", metadata: ["error.message": "\(error)"])
                }
                try await Task.sleep(for: settings.interval)
            }
        }
    }

    /// Fires every timer due at `now` (tests pass their own clock) and, when this process leads the scans, every
    /// trigger new events and schedules call for; returns how many timers were claimed.
    @discardableResult
    package func tick(now: Date) async throws -> Int {
        let claimed = try await fireDueTimers(now: now)
        while true {
            let deferred = try await runs.claimDueDeferrals(now: now, lease: claimLease, limit: Self.batch)
            for (triggerID, event) in deferred {
                if let trigger = try await triggers.trigger(clientID: event.clientID, id: triggerID), trigger.active {
                    try await fire(trigger, on: event, now: now, inHoursOnly: false)
                }
                try await runs.dropDeferral(trigger: triggerID, clientID: event.clientID, eventID: event.id)
            }
            if deferred.count < Self.batch { break }
        }
        if try await leads(now: now) {
            try await readEvents(now: now)
            try await runSchedules(now: now)
        }
        return claimed
    }

    /// How long one tick goes on firing timers after its first round, before the other work (deferrals, events,
    /// schedules) and clients whose timers fell due meanwhile have their turn.
    static let timerSlice: Duration = .seconds(1)

    /// Fires due timers in rounds, `timersPerClientRound` per client each round, so one client's mass of due timers
    /// does not keep another's single one waiting; returns how many were claimed.
    private func fireDueTimers(now: Date) async throws -> Int {
        let started = ContinuousClock.now
        let share = settings.timersPerClientRound
        var claimed = 0
        var clients = try await runs.clientsWithDueTimers(now: now)
        repeat {
            var more: [String] = []
            for client in clients {
                let timers = try await runs.claimDueTimers(clientID: client, now: now, lease: claimLease, limit: share)
                for timer in timers { try await fire(timer, now: now) }
                claimed += timers.count
                if timers.count == share { more.append(client) }
            }
            clients = more
        } while !clients.isEmpty && started.duration(to: .now) < Self.timerSlice
        return claimed
    }

    private func fire(_ timer: TriggerTimer, now: Date) async throws {
        guard let trigger = try await triggers.trigger(clientID: timer.clientID, id: timer.triggerID), trigger.active,
            let delay = trigger.delay, let conversation = try await conversations.conversation(clientID: timer.clientID, id: timer.conversationID)
        else {
            return try await runs.dropTimer(timer)  // switched off, changed or deleted meanwhile: its timers were re-armed or dropped
        }
        guard delay.reference.time(of: conversation).map({ abs($0.timeIntervalSince(timer.referenceAt)) < 0.001 }) == true else {
            return try await runs.dropTimer(timer)  // the reference moved (the contact wrote again): a new timer holds the new episode
        }
        if let opening = try await waitForHours(trigger, now: now) { return try await runs.deferTimer(timer, to: opening) }
        let started = ContinuousClock.now
        let execution = try await runs.startExecution(timer, kind: "scheduled", id: RecordID.make(), at: now)
        guard !execution.done else { return try await runs.dropTimer(timer) }
        let outcome = await actions.run(trigger, conversation: conversation, executionID: execution.id, now: now)
        try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
        try await runs.dropTimer(timer)
    }

    /// How many times one trigger may act on one conversation an hour through events; past it the fire is logged
    /// with `skip_reason: rate_limited`.
    static let maxFiresPerConversationHour = 10

    /// How long a claim lasts, in seconds.
    var claimLease: TimeInterval { settings.claimLease.timeInterval }

    /// When an action that asks for business hours (`business_hours: true`) is due outside them: a time in the next
    /// window, spread into it so a backlog is not one burst. Nil when it may run now.
    func waitForHours(_ trigger: TriggerRecord, now: Date) async throws -> Date? {
        guard trigger.definition.inBusinessHoursOnly, let hours = try await hours.businessHours(clientID: trigger.clientID),
            !hours.isOpen(at: now), let opening = hours.nextOpening(after: now)
        else { return nil }
        return opening.at.addingTimeInterval(Double.random(in: 0...min(BusinessHours.maxJitter, opening.length)))
    }

    /// Logs what an execution did.
    func finish(
        _ id: String, _ trigger: TriggerRecord, _ conversation: ConversationRecord, _ outcome: TriggerActions.Outcome, now: Date,
        started: ContinuousClock.Instant
    ) async throws {
        try await runs.finishExecution(
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
}
