import Foundation
import Hummingbird

/// `/console/conversations`: the client's conversations, filtered by status, channel, tag and time of change, 50 a
/// page (`ConsoleController+Conversation.swift` shows one).
extension ConsoleController {
    func addConversationListRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/conversations") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await conversationsPage(request, session: session)
        }
    }

    private func conversationsPage(_ request: Request, session: Session) async throws -> Response {
        let query = request.uri.queryParameters
        func text(_ name: String, max: Int) -> String? {
            query.get(name).map { String($0.prefix(max)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let (status, channel, tag, since) = (text("status", max: 16), text("channel", max: 16), text("tag", max: 64), text("since", max: 10))
        let t = language(request).text
        var values: [String: Any] = [
            "onConversations": true, "refreshEvery": Self.refreshSeconds, "tag": tag ?? "", "since": since ?? "",
            "statuses": [["value": "", "label": t["any"] ?? "", "selected": status == nil]]
                + ConversationStatus.allCases.map { ["value": $0.rawValue, "label": t[$0.rawValue] ?? $0.rawValue, "selected": status == $0.rawValue] },
            "channels": [["value": "", "label": t["any"] ?? "", "selected": channel == nil]]
                + IntegrationType.sending.map { ["value": $0.rawValue, "label": $0.rawValue, "selected": channel == $0.rawValue] },
        ]
        do {
            let page = try await conversations.list(
                clientID: session.clientID, status: status, channel: channel, since: since.map { $0 + "T00:00:00Z" }, tag: tag,
                cursor: text("cursor", max: 128), limit: 50)
            let rows = page.conversations.map { conversation in
                [
                    "id": conversation.id, "channel": conversation.channel.rawValue, "status": t[conversation.status.rawValue] ?? conversation.status.rawValue,
                    "inbound": conversation.inboundCount, "outbound": conversation.outboundCount,
                    "lastMessage": conversation.lastMessageAt?.formatted(.iso8601) ?? "–",
                ] as [String: Any]
            }
            values["conversations"] = rows
            values["hasConversations"] = !rows.isEmpty
            if let next = page.nextCursor {
                var items = [URLQueryItem(name: "cursor", value: next)]
                for (name, value) in [("status", status), ("channel", channel), ("tag", tag), ("since", since)] {
                    if let value { items.append(URLQueryItem(name: name, value: value)) }
                }
                var components = URLComponents()
                components.path = "/console/conversations"
                components.queryItems = items
                values["next"] = components.string
            }
        } catch let error as ConversationError {
            values["error"] = error.message
        }
        return page("conversations", request, session: session, values)
    }
}
