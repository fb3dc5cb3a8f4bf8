import Foundation
import Hummingbird

/// `/console/conversations/{id}`: one conversation's timeline, newest first (its messages' metadata and receipts, its
/// events, the agent turns queued for it with their job's state, and the trigger executions that looked at it), with
/// its status and lead edited through the same `ConversationService.update` as `PATCH /api/conversations/{id}`.
extension ConsoleController {
    /// The most messages, events and executions a timeline shows, each: the newest.
    static let timelineLength = 100

    func addConversationRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/conversations/{id}") { request, context in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await conversationPage(request, session: session, id: try context.parameters.require("id"), error: nil)
        }
        router.post("/console/conversations/{id}") { request, context in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            let id = try context.parameters.require("id")
            do {
                _ = try await conversations.update(clientID: session.clientID, id: id, try await Self.change(form, clientID: session.clientID, id: id, conversations))
                return Self.redirect("/console/conversations/\(id)?done=1")
            } catch let error as ConversationError where error.code == .invalid {
                return try await conversationPage(request, session: session, id: id, error: error.message, form: form)
            }
        }
    }

    /// The API's change from the form. The fields box holds the lead's fields as a JSON object: a field left out of it
    /// is removed (null in the API's merge).
    private static func change(_ form: [String: String], clientID: String, id: String, _ conversations: ConversationService) async throws -> ConversationChange {
        let tags = TriggerForm.words(form["tags"] ?? "")
        let score = form["score"].flatMap { $0.isEmpty ? nil : $0 }
        if let score, Double(score) == nil { throw ConversationError.invalid("the score must be a number", field: "lead.score") }
        var fields: [String: JSONValue]?
        if let text = form["fields"] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let given = trimmed.isEmpty ? [:] : JSONValue(jsonText: trimmed)?.objectValue else {
                throw ConversationError.invalid("the lead's fields must be a JSON object", field: "lead.fields")
            }
            let stored = try await conversations.conversation(clientID: clientID, id: id).lead.fields
            fields = stored.keys.reduce(into: given) { merged, key in
                if merged[key] == nil { merged[key] = .null }
            }
        }
        return ConversationChange(
            status: form["status"].flatMap(ConversationStatus.init(rawValue:)),
            lead: ConversationChange.LeadChange(score: score.flatMap(Double.init), tags: tags, fields: fields))
    }

    private func conversationPage(
        _ request: Request, session: Session, id: String, error: String?, form: [String: String] = [:]
    ) async throws -> Response {
        let t = language(request).text
        let conversation: ConversationRecord
        do {
            conversation = try await conversations.conversation(clientID: session.clientID, id: id)
        } catch is ConversationError {
            return page("not-found", request, session: session, status: .notFound, [:])
        }
        let fields = JSONValue.object(conversation.lead.fields)
        var values: [String: Any] = [
            "onConversations": true, "refreshEvery": Self.refreshSeconds, "id": conversation.id, "channel": conversation.channel.rawValue,
            "inbound": conversation.inboundCount, "outbound": conversation.outboundCount,
            "score": form["score"] ?? conversation.lead.score.map { $0.formatted(.number.grouping(.never)) } ?? "",
            "tags": form["tags"] ?? conversation.lead.tags.joined(separator: ", "),
            "fields": form["fields"] ?? (conversation.lead.fields.isEmpty ? "" : fields.jsonText),
            "statuses": ConversationStatus.allCases.map { ["value": $0.rawValue, "label": t[$0.rawValue] ?? $0.rawValue, "selected": $0 == conversation.status] },
            "timeline": try await timeline(clientID: session.clientID, conversationID: id, t),
        ]
        if let error { values["error"] = error }
        if request.uri.queryParameters.get("done") != nil { values["notice"] = t["saved"] }
        return page("conversation", request, session: session, status: error == nil ? .ok : .unprocessableContent, values)
    }

    /// Every entry, newest first (ISO 8601 times in UTC sort as text).
    private func timeline(clientID: String, conversationID: String, _ t: [String: String]) async throws -> [[String: String]] {
        var entries: [[String: String]] = []
        func add(_ at: String, _ kind: String, _ what: [String]) {
            entries.append(["at": at, "kind": t[kind] ?? kind, "what": what.filter { !$0.isEmpty }.joined(separator: " · ")])
        }
        for message in try await conversations.messages(clientID: clientID, conversationID: conversationID, limit: Self.timelineLength) {
            add(message.created_at, "messageKind", [message.direction, message.type, message.status, message.id])
            for (receipt, at) in [("delivered", message.delivered_at), ("read", message.read_at), ("failed", message.failed_at)] {
                if let at { add(at, "receiptKind", [t[receipt + "Receipt"] ?? receipt, message.id]) }
            }
        }
        for event in try await conversations.events(
            clientID: clientID, type: nil, conversationID: conversationID, after: nil, limit: Self.timelineLength, newestFirst: true)
        {
            add(event.createdAt.formatted(.iso8601), "eventKind", try await eventText(event, clientID: clientID, t))
        }
        var filter = ExecutionFilter()
        filter.conversationID = conversationID
        let executions = try await triggers.runs.executions(clientID: clientID, filter: filter, limit: Self.timelineLength)
        let names = Dictionary(try await triggers.triggers(clientID: clientID, active: nil).map { ($0.id, $0.name) }) { first, _ in first }
        for execution in executions.map(ExecutionView.init) {
            let (outcome, reason) = Self.outcome(execution, t)
            add(execution.executed_at, "triggerKind", [names[execution.trigger_id] ?? execution.trigger_id, outcome, reason])
        }
        return entries.sorted { $0["at"] ?? "" > $1["at"] ?? "" }
    }

    /// An event's type; an agent turn's with how many messages it carried and its job's state as the queue has it now.
    private func eventText(_ event: EventRecord, clientID: String, _ t: [String: String]) async throws -> [String] {
        guard event.type == AgentTurnQueue.queuedEvent, let job = event.data["message_id"]?.stringValue else { return [event.type] }
        let state = (try? await messages.message(clientID: clientID, id: job))?.status.rawValue ?? "–"
        let carried = event.data["messages"]?.intValue.map { String(format: t["messagesCarried"] ?? "%lld", $0) } ?? ""
        return [t["agentTurn"] ?? "", carried, state, job]
    }
}
