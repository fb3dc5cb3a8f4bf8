import Foundation
import HTTPTypes
import Hummingbird

/// Conversations, contacts and the event log. Every route acts for one client; another client's data is not found.
struct ConversationsController {
    let service: ConversationService
    let routes: RouteTable

    struct ConversationList: ResponseEncodable {
        var success = true
        let conversations: [ConversationView]
        let next_cursor: String?
    }

    struct ConversationResponse: ResponseEncodable {
        var success = true
        let conversation: ConversationView
    }

    struct MessageList: ResponseEncodable {
        var success = true
        let messages: [ConversationMessageView]
    }

    struct ContactResponse: ResponseEncodable {
        var success = true
        let contact: ContactView
    }

    struct EventResponse: ResponseEncodable {
        var success = true
        let event: EventView
    }

    struct EventList: ResponseEncodable {
        var success = true
        let events: [EventView]
        /// Pass as `after` for the next page.
        let last_seq: Int64?
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get(
            "/api/conversations", summary: "The client's conversations, newest activity first: ?status, channel, since, tag, cursor, limit",
            response: "ConversationList", access: .tenant, on: router
        ) { request, context in
            let query = request.uri.queryParameters
            let page = try await service.list(
                clientID: try context.actingClientID(), status: query.get("status"), channel: query.get("channel"), since: query.get("since"),
                tag: query.get("tag"),
                cursor: query.get("cursor"), limit: try Self.integer(query.get("limit"), field: "limit")
            )
            return ConversationList(conversations: page.conversations.map(ConversationView.init), next_cursor: page.nextCursor)
        }
        routes.get("/api/conversations/{id}", summary: "A conversation with its lead", response: "ConversationResponse", access: .tenant, on: router)
        {
            _, context in
            ConversationResponse(
                conversation: ConversationView(
                    try await service.conversation(clientID: try context.actingClientID(), id: try context.parameters.require("id"))))
        }
        routes.add(
            .patch, "/api/conversations/{id}", summary: "Change a conversation's status or lead (score, tags replace; fields merge)",
            request: "ConversationChange", response: "ConversationResponse", access: .tenant, on: router
        ) { request, context in
            let change = try await request.decodeJSON(as: ConversationChange.self, context: context)
            let updated = try await service.update(clientID: try context.actingClientID(), id: try context.parameters.require("id"), change)
            return ConversationResponse(conversation: ConversationView(updated))
        }
        routes.get(
            "/api/conversations/{id}/messages", summary: "A conversation's messages, newest first: metadata only, never content",
            response: "ConversationMessageList",
            access: .tenant, on: router
        ) { request, context in
            let messages = try await service.messages(
                clientID: try context.actingClientID(), conversationID: try context.parameters.require("id"),
                limit: try Self.integer(request.uri.queryParameters.get("limit"), field: "limit")
            )
            return MessageList(messages: messages)
        }
        routes.get("/api/contacts/{id}", summary: "A contact: phone or email and name", response: "ContactResponse", access: .tenant, on: router) {
            _, context in
            ContactResponse(contact: try await service.contact(clientID: try context.actingClientID(), id: try context.parameters.require("id")))
        }
        routes.add(
            .post, "/api/events", summary: "Record an agent's event on a conversation (intent_detected, lead_updated, ...)", request: "EventReport",
            response: "EventResponse", successStatus: .created, access: .tenant, on: router
        ) { request, context in
            let report = try await request.decodeJSON(as: EventReport.self, context: context)
            let event = try await service.report(clientID: try context.actingClientID(), report)
            return EncodedResponse(status: .created, body: EventResponse(event: EventView(event)))
        }
        routes.get(
            "/api/events", summary: "The client's event log, oldest first: ?type, conversation_id, after (a seq), limit", response: "EventList",
            access: .tenant,
            on: router
        ) { request, context in
            let query = request.uri.queryParameters
            let events = try await service.events(
                clientID: try context.actingClientID(), type: query.get("type"), conversationID: query.get("conversation_id"),
                after: query.get("after"),
                limit: try Self.integer(query.get("limit"), field: "limit")
            )
            return EventList(events: events.map(EventView.init), last_seq: events.last?.seq)
        }
    }

    private static func integer(_ text: String?, field: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw ConversationService.invalid("\(field) must be a number", field: field) }
        return value
    }
}
