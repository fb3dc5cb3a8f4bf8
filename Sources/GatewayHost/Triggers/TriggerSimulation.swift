import Foundation

/// `POST /api/triggers/{id}/test` and `POST /api/triggers/test`: what a trigger would do now, from read-only queries and
/// with no side effect. The seed's four figures are exact counts over the client's conversations (a time-based trigger:
/// those with its reference set; an event-based one: those with a matching event in the log), with up to 20 samples
/// (due time, rendered message) and up to 20 near misses (the comparison that failed). A simulation is a tenant's
/// computation on a shared server: it stops after `maxExamined` conversations or `timeBudget`, and then says
/// `truncated` (its figures count what it examined).
struct TriggerSimulation: Sendable {
    let conversations: any ConversationStore
    let events: any EventLog
    let runs: any TriggerRunStore
    let hours: any BusinessHoursStore
    let actions: TriggerActions

    init(stores: Stores, actions: TriggerActions) {
        conversations = stores.conversations
        events = stores.events
        runs = stores.triggerRuns
        hours = stores.businessHours
        self.actions = actions
    }

    static let samples = 20
    static let page = 200
    /// The budget (tests pass a smaller one).
    var maxExamined = 50_000
    var timeBudget: Duration = .seconds(10)

    struct Report: Encodable, Sendable {
        struct Sample: Encodable, Sendable {
            let conversation_id: String
            let due_at: String?
            let message: String?
        }

        struct NearMiss: Encodable, Sendable {
            let conversation_id: String
            let failed: String
        }

        let condition_met: Bool
        let action_would_execute: Bool
        let affected_conversations: Int
        let estimated_messages: Int
        let samples: [Sample]
        let near_misses: [NearMiss]
        /// The budget ran out before every conversation was examined.
        let truncated: Bool
    }

    func simulate(_ trigger: TriggerRecord, now: Date) async throws -> Report {
        var affected = 0
        var met = 0
        var samples: [Report.Sample] = []
        var misses: [Report.NearMiss] = []
        // What the WHEN reaches beyond its population: a schedule's audience, the condition a condition-based
        // trigger waits for (those where it holds now).
        let reach = trigger.when.reach
        let readsContactName = reach?.readsContactName == true || trigger.condition.readsContactName
        let zone = try await TriggerScheduler.timeZone(of: trigger, hours: hours)
        var nextOccurrence: Date?
        if case .schedule(let cron, _, _) = trigger.when { nextOccurrence = cron.next(after: now, in: zone) }
        let deadline = ContinuousClock.now + timeBudget
        var examined = 0
        var truncated = false
        for try await (conversation, event) in population(trigger) {
            examined += 1
            guard examined <= maxExamined, ContinuousClock.now < deadline else {
                truncated = true
                break
            }
            let conditions = ConditionEvaluator(
                conversation: conversation, contactName: await actions.contactName(conversation, if: readsContactName), event: event?.data, now: now
            )
            if let reach {
                guard (try? conditions.holds(reach)) == true else { continue }
            }
            affected += 1
            guard (try? conditions.evaluate(trigger.condition)) == true else {
                if misses.count < Self.samples, let failed = conditions.failure(trigger.condition) {
                    misses.append(.init(conversation_id: conversation.id, failed: failed))
                }
                continue
            }
            met += 1
            if samples.count < Self.samples {
                samples.append(
                    .init(
                        conversation_id: conversation.id, due_at: due(trigger, conversation, event: event) ?? nextOccurrence?.formatted(.iso8601),
                        message: try await message(trigger, conversation)))
            }
        }
        let sends = trigger.action.channel != nil
        return Report(
            condition_met: met > 0, action_would_execute: met > 0 && trigger.active, affected_conversations: affected,
            estimated_messages: sends ? met : 0,
            samples: samples, near_misses: misses, truncated: truncated
        )
    }

    /// The conversations the trigger's WHEN reaches, each with the event it would fire on (event-based triggers).
    private func population(_ trigger: TriggerRecord) -> AsyncThrowingStream<(ConversationRecord, EventRecord?), any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if case .eventBased(let match) = trigger.when {
                        var filter = EventFilter()
                        filter.type = match.event.rawValue
                        var seen: Set<String> = []
                        while true {
                            let events = try await events.events(clientID: trigger.clientID, filter: filter, limit: Self.page)
                            // Past events of the trigger's type (the filter's), narrowed by its lists; the age rule
                            // (only events newer than the trigger) is the scheduler's, not a simulation's.
                            for event in events where match.admits(event.data) {
                                guard let id = event.conversationID, seen.insert(id).inserted,
                                    let conversation = try await conversations.conversation(clientID: trigger.clientID, id: id)
                                else { continue }
                                continuation.yield((conversation, event))
                            }
                            guard events.count == Self.page, let last = events.last else { break }
                            filter.after = last.seq
                        }
                    } else {
                        var filter = ConversationFilter()
                        while true {
                            let page = try await conversations.conversations(clientID: trigger.clientID, filter: filter, limit: Self.page)
                            for conversation in page
                            where trigger.delay.map({ $0.reference.time(of: conversation) != nil }) ?? true {
                                continuation.yield((conversation, nil))
                            }
                            guard page.count == Self.page, let last = page.last else { break }
                            filter.before = .init(updatedAt: last.updatedAt, id: last.id)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func due(_ trigger: TriggerRecord, _ conversation: ConversationRecord, event: EventRecord?) -> String? {
        if let delay = trigger.delay, let reference = delay.reference.time(of: conversation) {
            return reference.addingTimeInterval(Double(delay.seconds)).formatted(.iso8601)
        }
        return event?.createdAt.formatted(.iso8601)
    }

    /// The message a send would carry, rendered for this conversation (nil when the trigger sends none, or names a
    /// template the client does not have and no inline text).
    private func message(_ trigger: TriggerRecord, _ conversation: ConversationRecord) async throws -> String? {
        guard trigger.action.channel != nil else { return nil }
        return try? await actions.message(trigger, values: try await values(trigger, conversation)).text.body
    }

    private func values(_ trigger: TriggerRecord, _ conversation: ConversationRecord) async throws -> [String: Any] {
        let contact = try? await actions.conversations.contact(clientID: trigger.clientID, id: conversation.contactID)
        return TriggerActions.values(conversation: conversation, contact: contact, event: nil)
    }

    /// `send_test_to`: the trigger's message, rendered for the first sample's conversation (without values when there
    /// is none), sent to `address` only and logged as an execution of kind `test` (not counted as a run).
    func sendTest(_ trigger: TriggerRecord, to address: String, sample: String?, now: Date) async throws -> JSONValue {
        guard let channel = trigger.action.channel else { throw TriggerError.invalid("only a trigger that sends a message can send a test", field: "send_test_to") }
        guard let normalized = ContactAddress.normalized(address, channel: channel) else {
            throw TriggerError.invalid(
                channel == .email ? "send_test_to must be an email address" : "send_test_to must be a phone number", field: "send_test_to")
        }
        var conversation: ConversationRecord?
        if let sample { conversation = try await conversations.conversation(clientID: trigger.clientID, id: sample) }
        var values: [String: Any] = [:]
        if let conversation { values = try await self.values(trigger, conversation) }
        let id = RecordID.make()
        let started = ContinuousClock.now
        let result: JSONValue
        do {
            result = try await actions.send(trigger, to: [normalized], values: values, key: "trigger-test:\(id)")
        } catch let skip as TriggerActions.Skip {
            throw TriggerError(code: .executionFailed, message: skip.message)
        }
        try await runs.logTestExecution(
            TriggerExecution(
                id: id, triggerID: trigger.id, clientID: trigger.clientID, conversationID: conversation?.id, executedAt: now, conditionMet: true,
                actionExecuted: true, result: result, errorMessage: nil, skipReason: nil, milliseconds: Int(started.duration(to: .now).milliseconds)
            )
        )
        return result
    }
}
