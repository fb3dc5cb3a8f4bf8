import Foundation
import Logging

/// A trigger's IF and THEN for one conversation: the condition evaluated now, then the action through the same
/// services the API uses. Sends carry the idempotency key `trigger:<execution id>`, so a fire finished twice sends once.
struct TriggerActions: Sendable {
    let messages: MessageService
    let conversations: ConversationService
    let logger: Logger

    struct Outcome: Sendable {
        var conditionMet = false
        var actionExecuted = false
        var result: JSONValue?
        var error: String?
        var skipReason: String?
    }

    /// `event` is the event an event-based trigger fires on (its data is `event.*` to conditions).
    func run(
        _ trigger: TriggerRecord, conversation: ConversationRecord, event: [String: JSONValue]? = nil, executionID: String, now: Date
    ) async -> Outcome {
        var outcome = Outcome()
        let contact = try? await conversations.contact(clientID: trigger.clientID, id: conversation.contactID)
        let conditions = TriggerConditions(conversation: conversation, contactName: contact?.name, event: event, now: now)
        do {
            outcome.conditionMet = try conditions.evaluate(trigger.conditionType, trigger.conditionConfig)
        } catch {
            outcome.error = "\(ErrorCode.conditionEvaluationError): \(error.message)"
            outcome.skipReason = "condition_error"
            return outcome
        }
        guard outcome.conditionMet else {
            outcome.skipReason = "condition_false"
            return outcome
        }
        do {
            outcome.result = try await act(trigger, conversation: conversation, contact: contact, key: "trigger:" + executionID)
            outcome.actionExecuted = outcome.result != nil
            if outcome.result == nil { outcome.skipReason = "not_built" }
        } catch {
            let envelope = GatewayError(error, logger: logger)
            outcome.error = "\(ErrorCode.triggerExecutionFailed): \(envelope.message)"
            outcome.skipReason = envelope.code == .integrationNotFound ? "integration_missing" : "action_failed"
        }
        return outcome
    }

    /// Runs the action; nil for one not built yet (templates without inline text, tools).
    private func act(_ trigger: TriggerRecord, conversation: ConversationRecord, contact: ContactView?, key: String) async throws -> JSONValue? {
        let config = trigger.actionConfig
        switch trigger.actionType {
        case "change_status":
            let status = ConversationStatus(rawValue: config["status"]?.stringValue ?? "") ?? .closed
            _ = try await conversations.update(clientID: trigger.clientID, id: conversation.id, ConversationChange(status: status, lead: nil))
            return ["status": .string(status.rawValue)]
        case "send_message":
            guard let text = config["message"]?.stringValue, let phone = contact?.phone else { return nil }
            let request = SendWhatsAppRequest(
                phone: phone, message: text, media_url: nil, media_type: nil, caption: nil, file_name: nil, priority: nil, send_at: nil
            )
            let accepted = try await messages.send(clientID: trigger.clientID, request: request, idempotencyKey: key)
            return ["message_id": .string(accepted.job.id)]
        case "send_email":
            let to = config["to"]?.arrayValue?.compactMap(\.stringValue) ?? contact?.email.map { [$0] } ?? []
            guard !to.isEmpty, let subject = config["subject"]?.stringValue, let body = (config["body"] ?? config["message"])?.stringValue else {
                return nil
            }
            let request = SendEmailRequest(
                to: to, subject: subject, body: body, html: nil, cc: nil, bcc: nil, reply_to: nil, priority: nil, send_at: nil)
            let accepted = try await messages.send(clientID: trigger.clientID, request: request, idempotencyKey: key)
            return ["message_id": .string(accepted.job.id)]
        default:
            return nil
        }
    }
}
