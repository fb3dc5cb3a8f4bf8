import Foundation
import Hummingbird

/// `/console/conversations/{id}`: one conversation's timeline (its messages' metadata and its events, newest first)
/// with its status and lead edited through the same `ConversationService.update` as `PATCH /api/conversations/{id}`.
extension ConsoleController {
    /// The most messages and events a timeline shows.
    static let timelineLength = 100

    func addConversationRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/conversations/{id}") { request, context in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await conversationPage(request, session: session, id: try context.parameters.require("id"), error: nil)
        }
        router.post("/console/conversations/{id}") { request, context in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            let id = try context.parameters.require("id")
            let tags = (form["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let score = form["score"].flatMap { $0.isEmpty ? nil : $0 }
            let change = ConversationChange(
                status: form["status"].flatMap(ConversationStatus.init(rawValue:)),
                lead: ConversationChange.LeadChange(score: score.flatMap(Double.init), tags: tags, fields: nil))
            do {
                if let score, Double(score) == nil { throw ConversationError.invalid("the score must be a number", field: "lead.score") }
                _ = try await conversations.update(clientID: session.clientID, id: id, change)
                return Self.redirect("/console/conversations/\(id)?done=1")
            } catch let error as ConversationError where error.code == .invalid {
                return try await conversationPage(request, session: session, id: id, error: error.message)
            }
        }
    }

    private func conversationPage(_ request: Request, session: Session, id: String, error: String?) async throws -> Response {
        let t = language(request).text
        let conversation: ConversationRecord
        do {
            conversation = try await conversations.conversation(clientID: session.clientID, id: id)
        } catch is ConversationError {
            return page("not-found", request, session: session, status: .notFound, [:])
        }
        let messages = try await conversations.messages(clientID: session.clientID, conversationID: id, limit: Self.timelineLength)
        let events = try await conversations.events(clientID: session.clientID, type: nil, conversationID: id, after: nil, limit: Self.timelineLength)
        var timeline: [(at: String, row: [String: Any])] = messages.map { message in
            (message.created_at, ["at": message.created_at, "kind": t["messageKind"] ?? "", "what": "\(message.direction) · \(message.type) · \(message.status)"])
        }
        timeline += events.map { event in
            let at = event.createdAt.formatted(.iso8601)
            return (at, ["at": at, "kind": t["eventKind"] ?? "", "what": event.type])
        }
        var values: [String: Any] = [
            "onConversations": true, "id": conversation.id, "channel": conversation.channel.rawValue,
            "inbound": conversation.inboundCount, "outbound": conversation.outboundCount,
            "score": conversation.lead.score.map { $0.formatted(.number.grouping(.never)) } ?? "", "tags": conversation.lead.tags.joined(separator: ", "),
            "statuses": ConversationStatus.allCases.map { ["value": $0.rawValue, "label": t[$0.rawValue] ?? $0.rawValue, "selected": $0 == conversation.status] },
            "timeline": timeline.sorted { $0.at > $1.at }.map(\.row),
        ]
        if let error { values["error"] = error }
        if request.uri.queryParameters.get("done") != nil { values["notice"] = t["saved"] }
        return page("conversation", request, session: session, status: error == nil ? .ok : .unprocessableContent, values)
    }
}
