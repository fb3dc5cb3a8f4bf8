import Foundation

/// The scans one process leads: the event log (event-based triggers, and condition-based ones, whose condition is
/// evaluated again whenever their conversation changes) and the cron schedules.
extension TriggerScheduler {
    /// The lease's name, and how long it runs without a renewal (the leader renews it every tick and page).
    static let scanLease = "trigger_scans"
    static let scanLeaseDuration: TimeInterval = 30
    /// The last minute the schedules were checked for, in minutes since 1970.
    static let scheduleCursor = "trigger_schedules"
    /// How far back a leader that took over (or a restart) catches up on missed schedule minutes.
    static let scheduleCatchUp: Int64 = 60
    static let defaultTimeZone = "America/Sao_Paulo"

    /// Whether this process leads the scans now; takes or renews the lease. Renewed on the later of the tick's clock
    /// and the real one, so a long scan keeps it.
    func leads(now: Date) async throws -> Bool {
        try await state.holdLease(Self.scanLease, holder: holder, now: max(now, Date()), for: Self.scanLeaseDuration)
    }

    // MARK: The event log

    /// Event-based and condition-based triggers: the events past the cursor, each matched against its client's.
    func readEvents(now: Date) async throws {
        let until = now.addingTimeInterval(-events.sequenceSettleTime)
        var position = try await state.cursor(Self.eventCursor)
        var triggersOf: [String: [TriggerRecord]] = [:]
        while true {
            let page = try await events.eventsAfter(position, until: until, limit: Self.batch)
            for event in page {
                if triggersOf[event.clientID] == nil {
                    triggersOf[event.clientID] = try await triggers.triggers(clientID: event.clientID, active: true).filter {
                        [.eventBased, .conditionBased].contains($0.when.type)
                    }
                }
                for trigger in triggersOf[event.clientID] ?? [] {
                    if TriggerEvents.matches(trigger, event) { try await fire(trigger, on: event, now: now) }
                    if case .conditionBased(let condition) = trigger.when, event.createdAt >= trigger.updatedAt {
                        try await evaluate(trigger, condition, on: event, now: now)
                    }
                }
            }
            guard let last = page.last else { return }
            position = last.seq
            try await state.advanceCursor(Self.eventCursor, to: position)
            guard page.count == Self.batch, try await leads(now: now) else { return }
        }
    }

    /// Fires the trigger on the event, or (`inHoursOnly`, outside the business hours its action asks for) defers the
    /// fire to the next window.
    func fire(_ trigger: TriggerRecord, on event: EventRecord, now: Date, inHoursOnly: Bool = true) async throws {
        guard let conversationID = event.conversationID, let conversation = try await conversations.conversation(clientID: event.clientID, id: conversationID)
        else {
            return  // the actions act on a conversation; an event without one calls for none
        }
        if inHoursOnly, let opening = try await waitForHours(trigger, now: now) {
            return try await runs.deferFire(trigger: trigger.id, event: event, until: opening)
        }
        let started = ContinuousClock.now
        let execution = try await runs.startExecution(trigger: trigger.id, event: event, kind: "event", id: RecordID.make(), at: now)
        guard !execution.done else { return }
        let outcome =
            try await firedTooOften(trigger, on: conversation.id, now: now)
            ? TriggerActions.Outcome(skipReason: "rate_limited")
            : await actions.run(trigger, conversation: conversation, event: event.data, executionID: execution.id, now: now)
        try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
    }

    /// A condition-based trigger after a change to its conversation: it fires when the condition starts to hold (a
    /// crossing), not while it goes on holding. A condition that cannot be evaluated is logged on the event.
    private func evaluate(_ trigger: TriggerRecord, _ condition: ConditionExpression, on event: EventRecord, now: Date) async throws {
        guard let conversationID = event.conversationID, let conversation = try await conversations.conversation(clientID: event.clientID, id: conversationID)
        else { return }
        let started = ContinuousClock.now
        let conditions = ConditionEvaluator(
            conversation: conversation, contactName: await actions.contactName(conversation, if: condition.readsContactName), event: event.data,
            now: now
        )
        let holds: Bool
        do {
            holds = try conditions.holds(condition)
        } catch {
            let execution = try await runs.startExecution(
                trigger: trigger.id, event: event, kind: "condition", id: RecordID.make(), at: now
            )
            guard !execution.done else { return }
            let outcome = TriggerActions.Outcome(error: "\(ErrorCode.conditionEvaluationError): \(error.message)", skipReason: "condition_error")
            return try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
        }
        guard holds else {
            return try await runs.conditionFails(trigger: trigger.id, clientID: trigger.clientID, conversationID: conversation.id)
        }
        guard let execution = try await runs.startCrossing(trigger: trigger.id, event: event, id: RecordID.make(), at: now),
            !execution.done
        else { return }
        let outcome =
            try await firedTooOften(trigger, on: conversation.id, now: now)
            ? TriggerActions.Outcome(skipReason: "rate_limited")
            : await actions.run(trigger, conversation: conversation, event: event.data, executionID: execution.id, now: now)
        try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
    }

    /// Whether the trigger already acted on the conversation `maxFiresPerConversationHour` times in the last hour: an
    /// event-based trigger whose action writes the event it waits for (a send on `message_status: sent`), or two
    /// condition-based triggers flipping a status, would otherwise loop for ever.
    private func firedTooOften(_ trigger: TriggerRecord, on conversationID: String, now: Date) async throws -> Bool {
        var filter = ExecutionFilter()
        filter.triggerID = trigger.id
        filter.conversationID = conversationID
        filter.outcome = .executed
        filter.since = now.addingTimeInterval(-3_600)
        let limit = Self.maxFiresPerConversationHour
        return try await runs.executions(clientID: trigger.clientID, filter: filter, limit: limit).count >= limit
    }

    // MARK: Schedules

    /// Every minute since the last one checked (at most an hour back) that an active schedule's cron names, on its
    /// client's wall clock, and that is not before the trigger's last save: the trigger fires for its audience.
    func runSchedules(now: Date) async throws {
        let current = now.millisecondsSince1970 / 60_000
        let last = try await state.cursor(Self.scheduleCursor)
        let first = last == 0 ? current : max(last + 1, current - Self.scheduleCatchUp + 1)
        guard first <= current else { return }
        for trigger in try await triggers.activeTriggers(type: .schedule) {
            guard case .schedule(let cron, _, let audience) = trigger.when else { continue }
            let zone = try await Self.timeZone(of: trigger, hours: hours)
            for minute in first...current {
                let occurrence = Date(timeIntervalSince1970: Double(minute * 60))
                guard occurrence >= trigger.updatedAt, cron.matches(occurrence, in: zone) else { continue }
                guard try await fire(trigger, for: audience, at: occurrence, now: now) else { return }  // the lease went to another process
            }
        }
        try await state.advanceCursor(Self.scheduleCursor, to: current)
    }

    /// A schedule's own `timezone`, else its client's business hours' one, else São Paulo's.
    static func timeZone(of trigger: TriggerRecord, hours: any BusinessHoursStore) async throws -> TimeZone {
        var name: String?
        if case .schedule(_, let zone, _) = trigger.when { name = zone }
        if name == nil { name = try await hours.businessHours(clientID: trigger.clientID)?.timezone }
        return TimeZone(identifier: name ?? Self.defaultTimeZone) ?? TimeZone(identifier: Self.defaultTimeZone)!
    }

    /// One occurrence over the client's conversations in the audience (all of them without one), each an episode of
    /// its own. False when the lease was lost midway: the new leader goes on from the executions already logged.
    private func fire(_ trigger: TriggerRecord, for audience: ConditionExpression?, at occurrence: Date, now: Date) async throws -> Bool {
        var after = ""
        while true {
            let page = try await conversations.conversations(
                clientID: trigger.clientID, afterID: after, limit: Self.batch, matching: ConversationPrefilter(audience))
            for conversation in page {
                if let audience {
                    let conditions = ConditionEvaluator(
                        conversation: conversation, contactName: await actions.contactName(conversation, if: audience.readsContactName), event: nil,
                        now: now
                    )
                    guard (try? conditions.holds(audience)) == true else { continue }
                }
                let episode = TriggerTimer(
                    triggerID: trigger.id, conversationID: conversation.id, clientID: trigger.clientID, referenceAt: occurrence,
                    episode: SQLTimestamp.format(occurrence), dueAt: occurrence
                )
                let started = ContinuousClock.now
                let execution = try await runs.startExecution(episode, kind: "schedule", id: RecordID.make(), at: now)
                guard !execution.done else { continue }
                let outcome = await actions.run(trigger, conversation: conversation, executionID: execution.id, now: now)
                try await finish(execution.id, trigger, conversation, outcome, now: now, started: started)
            }
            guard page.count == Self.batch, let last = page.last else { return true }
            after = last.id
            guard try await leads(now: now) else { return false }
        }
    }
}
