import MCP

/// `list_conversations`: the client's conversations, newest activity first, as `GET /api/conversations`.
struct ListConversationsTool: AgentTool {
    let conversations: ConversationService

    private struct Arguments: Decodable {
        let status: String?
        let channel: String?
        let since: String?
        let tag: String?
        let cursor: String?
        let limit: Int?
    }

    let definition = AgentToolDefinition(
        name: "list_conversations", title: "List conversations",
        description: """
            The client's conversations with its contacts, newest activity first: status (open, pending, closed), lead (score, tags, \
            fields) and message counts and times. Filter by status, channel, since (ISO 8601: updated since) and tag; pass next_cursor \
            back as cursor for the next page.
            """,
        input: ToolSchema.object(
            required: [],
            [
                "status": ["type": "string", "enum": .array(ConversationStatus.allCases.map { .string($0.rawValue) })], "channel": ["type": "string"],
                "since": ["type": "string", "format": "date-time"], "tag": ["type": "string"], "cursor": ["type": "string"],
                "limit": ["type": "integer", "minimum": 1, "maximum": .integer(Int64(ConversationService.maxListed))],
            ]
        ),
        output: ToolSchema.extending("ConversationList", removing: ["success"]),
        annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let query = try arguments.decode(Arguments.self)
        let page = try await conversations.list(
            clientID: caller.clientID, status: query.status, channel: query.channel, since: query.since, tag: query.tag, cursor: query.cursor,
            limit: query.limit
        )
        return [
            "conversations": try JSONValue(encoding: page.conversations.map(ConversationView.init)),
            "next_cursor": page.nextCursor.map(JSONValue.string) ?? .null,
        ]
    }
}

/// `get_conversation`: a conversation with its lead, its contact and its last messages' metadata.
struct GetConversationTool: AgentTool {
    let conversations: ConversationService

    private struct Arguments: Decodable {
        let conversation_id: String
    }

    static let lastMessages = 20

    let definition = AgentToolDefinition(
        name: "get_conversation", title: "Get a conversation",
        description: """
            One conversation: its status and lead, the contact (phone or email, name) and the metadata of its last messages (direction, \
            type, status and times; never their content).
            """,
        input: ToolSchema.object(required: ["conversation_id"], ["conversation_id": ["type": "string"]]),
        output: ToolSchema.object(
            required: ["conversation", "contact", "messages"],
            [
                "conversation": ToolSchema.extending("Conversation"),
                "contact": ToolSchema.inlined(OpenAPISchemas.all["ContactResponse"]?.objectValue?["properties"]?.objectValue?["contact"] ?? [:]),
                "messages": ["type": "array", "items": ToolSchema.extending("ConversationMessage")],
            ]
        ),
        annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let id = try arguments.decode(Arguments.self).conversation_id
        let conversation = try await conversations.conversation(clientID: caller.clientID, id: id)
        let contact = try await conversations.contact(clientID: caller.clientID, id: conversation.contactID)
        let messages = try await conversations.messages(clientID: caller.clientID, conversationID: id, limit: Self.lastMessages)
        return [
            "conversation": try JSONValue(encoding: ConversationView(conversation)), "contact": try JSONValue(encoding: contact),
            "messages": try JSONValue(encoding: messages),
        ]
    }
}

/// `update_conversation`: status and lead, as `PATCH /api/conversations/{id}`.
struct UpdateConversationTool: AgentTool {
    let conversations: ConversationService

    private struct Arguments: Decodable {
        let conversation_id: String
    }

    let definition = AgentToolDefinition(
        name: "update_conversation", title: "Update a conversation",
        description: """
            Change a conversation's status (open, pending, closed) or its lead: score (a number), tags (replace the list) and fields \
            (merged into the stored ones; null removes a field). Each change is recorded in the event log.
            """,
        input: ToolSchema.extending("ConversationChange", with: ["conversation_id": ["type": "string"]]).withRequired(["conversation_id"]),
        output: ToolSchema.object(required: ["conversation"], ["conversation": ToolSchema.extending("Conversation")]),
        annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let id = try arguments.decode(Arguments.self).conversation_id
        let updated = try await conversations.update(clientID: caller.clientID, id: id, try arguments.decode(ConversationChange.self))
        return ["conversation": try JSONValue(encoding: ConversationView(updated))]
    }
}

/// `report_event`: an agent's event on a conversation (`intent_detected` and others), as `POST /api/events`; the
/// triggers read them.
struct ReportEventTool: AgentTool {
    let conversations: ConversationService

    let definition = AgentToolDefinition(
        name: "report_event", title: "Report an event",
        description: """
            Record what the agent learned about a conversation, named by conversation_id or by the contact's phone: for example type \
            intent_detected with data {"intent": "cancelamento"}, or lead_qualified. Automations (triggers) act on these events.
            """,
        input: ToolSchema.extending("EventReport"),
        output: ToolSchema.object(required: ["event"], ["event": ToolSchema.extending("Event")]),
        annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let event = try await conversations.report(clientID: caller.clientID, try arguments.decode(EventReport.self))
        return ["event": try JSONValue(encoding: EventView(event))]
    }
}

extension JSONValue {
    /// An object schema with `names` added to its required properties.
    fileprivate func withRequired(_ names: [String]) -> JSONValue {
        guard case .object(var schema) = self else { return self }
        var required: [JSONValue] = []
        if case .array(let existing)? = schema["required"] { required = existing }
        schema["required"] = .array(required + names.map(JSONValue.string))
        return .object(schema)
    }
}
