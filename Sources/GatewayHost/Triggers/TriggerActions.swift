import Foundation
import Logging

/// A trigger's IF and THEN for one conversation: the condition evaluated now, then the action through the same
/// services the API uses, its text from the named template or inline, rendered with the conversation's values. Sends
/// carry the idempotency key `trigger:<execution id>`, so a fire finished twice sends once.
struct TriggerActions: Sendable {
    let messages: MessageService
    let conversations: ConversationService
    let templates: TemplateService
    let integrations: IntegrationService
    let agents: AgentService
    let agentTurns: AgentTurnQueue
    let logger: Logger

    struct Outcome: Sendable {
        var conditionMet = false
        var actionExecuted = false
        var result: JSONValue?
        var error: String?
        var skipReason: String?
    }

    /// How many triggers may follow one another through the events their actions log (a status change that fires
    /// another trigger that changes the status...): past it the chain stops, so two triggers cannot feed each other
    /// forever.
    static let maxChain = 3

    /// `event` is the event an event-based trigger fires on (its data is `event.*` to conditions).
    func run(
        _ trigger: TriggerRecord, conversation: ConversationRecord, event: [String: JSONValue]? = nil, executionID: String, now: Date
    ) async -> Outcome {
        var outcome = Outcome()

        let contact = try? await conversations.contact(clientID: trigger.clientID, id: conversation.contactID)
        let conditions = ConditionEvaluator(conversation: conversation, contactName: contact?.name, event: event, now: now)
        do {
            outcome.conditionMet = try conditions.evaluate(trigger.condition)
        } catch {
            outcome.error = "\(ErrorCode.conditionEvaluationError): \(error.message)"
            outcome.skipReason = "condition_error"
            return outcome
        }
        guard outcome.conditionMet else {
            outcome.skipReason = "condition_false"
            return outcome
        }
        // The depth an event carries is clamped: a client can report an event with any value there.
        let depth = Int(min(max(event?["trigger_depth"]?.intValue ?? 0, 0), Int64(Self.maxChain))) + 1
        guard depth <= Self.maxChain else {
            outcome.skipReason = "chain_limit"
            return outcome
        }
        do {
            let values = Self.values(conversation: conversation, contact: contact, event: event)
            let cause: [String: JSONValue] = ["trigger_id": .string(trigger.id), "trigger_depth": .integer(Int64(depth))]
            outcome.result = try await act(
                trigger, conversation: conversation, contact: contact, values: values, key: "trigger:" + executionID, cause: cause)
            outcome.actionExecuted = true
        } catch let skip as Skip {
            outcome.skipReason = skip.reason
            outcome.error = skip.message
        } catch let error as MessageError where error.code == .integrationDisabled {
            outcome.skipReason = "integration_disabled"  // switched off on purpose: a skip, not a failure
        } catch {
            outcome.error = "\(ErrorCode.triggerExecutionFailed): \(reason(error))"
            outcome.skipReason = Self.isMissingIntegration(error) ? "integration_missing" : "action_failed"
        }
        return outcome
    }

    /// What an execution records of a failed action: a domain error's own message, else what failed without the
    /// error's text (it may quote data), which goes to the log.
    private func reason(_ error: any Error) -> String {
        switch error {
        case let error as any ClientFacingError: return error.message
        case let error as StoreError where error.code == .unavailable: return "the store is unavailable; try again shortly"
        case let error as QueueError where error.code == .unavailable: return "the queue is unavailable; try again shortly"
        default:
            logger.error("trigger action failed", metadata: ["error.type": "\(type(of: error))", "error.message": "\(error)"])
            return "internal error"
        }
    }

    /// The client has no integration the action needs (to send, or to query its database).
    private static func isMissingIntegration(_ error: any Error) -> Bool {
        (error as? MessageError)?.code == .integrationNotFound || (error as? IntegrationError)?.code == .notFound
    }

    /// The contact's name when a condition reads it (`needed`), else nil: unsealing a contact costs a vault open.
    func contactName(_ conversation: ConversationRecord, if needed: Bool) async -> String? {
        guard needed else { return nil }
        return try? await conversations.contact(clientID: conversation.clientID, id: conversation.contactID).name
    }

    /// An action that cannot run for this conversation, and why (`skip_reason`).
    struct Skip: Error {
        let reason: String
        let message: String

        /// A message asked of an action that sends none (the simulation and test sends ask only of those that do).
        static let sendsNoMessage = Skip(reason: "no_message", message: "the action sends no message")
    }

    /// Runs the action; its result is what the execution log keeps.
    private func act(
        _ trigger: TriggerRecord, conversation: ConversationRecord, contact: ContactView?, values: [String: Any], key: String,
        cause: [String: JSONValue]
    ) async throws -> JSONValue {
        switch trigger.action {
        case .changeStatus(let status):
            _ = try await conversations.update(
                clientID: trigger.clientID, id: conversation.id, ConversationChange(status: status, lead: nil), cause: cause)
            return ["status": .string(status.rawValue)]
        case .sendMessage:
            guard let phone = contact?.phone else { throw Skip(reason: "no_address", message: "the contact has no phone") }
            return try await send(trigger, to: [phone], values: values, key: key)
        case .sendEmail(let to, _, _):
            let to = to ?? contact?.email.map { [$0] } ?? []
            guard !to.isEmpty else { throw Skip(reason: "no_address", message: "no recipient: the action names none and the contact has no email") }
            return try await send(trigger, to: to, values: values, key: key)
        case .callTool(let tool):
            return try await call(tool, of: trigger, conversation: conversation, key: key)
        }
    }

    /// Sends the trigger's message, rendered with `values`: a WhatsApp or SMS message to the first address, or an email to
    /// all of them, queued with the idempotency key `key`. Its result is the message id and the variables that had no
    /// value.
    func send(_ trigger: TriggerRecord, to addresses: [String], values: [String: Any], key: String) async throws -> JSONValue {
        let (text, missing) = try await message(trigger, values: values)
        do {
            _ = try await messages.limits.admitSend(clientID: trigger.clientID)  // a trigger's sends count as the client's
        } catch let error as RateLimitError {
            throw Skip(reason: "rate_limited", message: "\(error)")
        }
        let outgoing: Outgoing
        switch trigger.action {
        case .sendMessage(.sms, _):
            outgoing = .sms(to: addresses[0], text: text.body)
        case .sendMessage:
            outgoing = .whatsapp(to: addresses[0], content: .text(text.body))
        case .sendEmail:
            guard let subject = text.subject, !subject.isEmpty else {
                throw Skip(reason: "no_subject", message: "neither the template nor the action has a subject")
            }
            outgoing = .email(EmailMessage(to: addresses, subject: subject, text: text.body))
        case .callTool, .changeStatus:
            throw Skip.sendsNoMessage
        }
        let accepted = try await messages.send(clientID: trigger.clientID, outgoing, .init(idempotencyKey: key))
        var result: [String: JSONValue] = ["message_id": .string(accepted.job.id)]
        if !missing.isEmpty { result["missing_variables"] = .array(missing.map(JSONValue.string)) }
        return .object(result)
    }

    /// `database.query` runs on the client's database integration (its rules hold; the answer's row count is kept,
    /// not its rows); `agent` hands the conversation to the client's agent as a turn whose `reason` is the trigger;
    /// `http` queues a POST of `{trigger_id, trigger_name, conversation_id, body}` to `url`, signed as agent turns are
    /// with the agent's secrets, keyed by the execution so it goes once (its message id follows the delivery).
    private func call(_ tool: TriggerTool, of trigger: TriggerRecord, conversation: ConversationRecord, key: String) async throws -> JSONValue {
        switch tool {
        case .databaseQuery(let input):
            let query = try JSONDecoder().decode(DatabaseQuery.self, from: JSONEncoder().encode(input))
            let answer = try await integrations.query(clientID: trigger.clientID, query, actor: "trigger:\(trigger.id)")
            return ["count": .integer(Int64(answer.count)), "truncated": .bool(answer.truncated)]
        case .http(let url, let body):
            guard try await agents.settings(clientID: trigger.clientID) != nil else {
                throw Skip(reason: "agent_missing", message: "the http tool signs with the agent's secret: set an agent first (PUT /api/agent)")
            }
            let payload: JSONValue = [
                "trigger_id": .string(trigger.id), "trigger_name": .string(trigger.name), "conversation_id": .string(conversation.id),
                "body": body ?? .null,
            ]
            let id = try await agentTurns.queuePost(clientID: trigger.clientID, url: url, payload: payload, key: key)
            return ["message_id": .string(id)]
        case .agent(let instruction):
            guard try await agents.settings(clientID: trigger.clientID) != nil else {
                throw Skip(reason: "agent_missing", message: "the client has no agent (PUT /api/agent)")
            }
            let turn = OpenTurn(
                id: String(key.dropFirst("trigger:".count)), conversationID: conversation.id, clientID: trigger.clientID, sealedMessages: [])
            let reason: JSONValue = [
                "trigger_id": .string(trigger.id), "trigger_name": .string(trigger.name), "instruction": .string(instruction),
            ]
            try await agentTurns.queue(turn, reason: reason)
            return ["turn_id": .string(turn.id)]
        }
    }

    /// The text to send: the template named by the action (when the client has it), else the inline text; both
    /// rendered with the conversation's values. An email's subject is the template's, else the action's.
    func message(_ trigger: TriggerRecord, values: [String: Any]) async throws -> (text: (subject: String?, body: String), missing: [String]) {
        let text: TriggerText
        var subject: String?
        switch trigger.action {
        case .sendMessage(_, let message): text = message
        case .sendEmail(_, let given, let message): (text, subject) = (message, given)
        case .callTool, .changeStatus: throw Skip.sendsNoMessage
        }
        var body = text.inline
        if let id = text.templateID, let template = try await templates.store.template(clientID: trigger.clientID, id: id) {
            body = template.body
            subject = template.subject ?? subject
        }
        guard let body else {
            throw Skip(
                reason: "template_missing", message: "template '\(text.templateID ?? "")' does not exist and the action has no inline text")
        }
        let renderedBody: (text: String, missing: [String])
        let renderedSubject: (text: String, missing: [String])?
        do {
            renderedBody = try TemplateService.render(body, values)
            renderedSubject = try subject.map { text throws(TemplateError) in try TemplateService.render(text, values) }
        } catch {
            throw Skip(reason: "template_over_budget", message: error.message)
        }
        return ((renderedSubject?.text, renderedBody.text), Array(Set(renderedBody.missing + (renderedSubject?.missing ?? []))).sorted())
    }

    /// What templates and their variables see: `contact`, `lead`, `conversation`, `event`.
    static func values(conversation: ConversationRecord, contact: ContactView?, event: [String: JSONValue]?) -> [String: Any] {
        var contactValues: [String: Any] = [:]
        contactValues["name"] = contact?.name
        contactValues["phone"] = contact?.phone
        contactValues["email"] = contact?.email
        var lead: [String: Any] = ["tags": conversation.lead.tags, "fields": conversation.lead.fields.mapValues(plain)]
        // A whole score renders without ".0"; `Int(exactly:)` is nil for any other (and for one past Int's range).
        if let score = conversation.lead.score { lead["score"] = Int(exactly: score).map { $0 as Any } ?? score }
        return [
            "contact": contactValues, "lead": lead,
            "conversation": ["id": conversation.id, "status": conversation.status.rawValue, "channel": conversation.channel.rawValue],
            "event": (event ?? [:]).mapValues(plain),
        ]
    }

    private static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let flag): flag
        case .integer(let number): number
        case .number(let number): number
        case .string(let text): text
        case .array(let items): items.map(plain)
        case .object(let members): members.mapValues(plain)
        }
    }
}
