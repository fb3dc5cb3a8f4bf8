import MCP

/// `get_message_status`: a message's delivery state, as `GET /api/messages/{id}`; another client's message is not
/// found.
struct MessageStatusTool: AgentTool {
    let messages: MessageService

    private struct Arguments: Decodable {
        let message_id: String
    }

    let definition = AgentToolDefinition(
        name: "get_message_status", title: "Get a message's delivery status",
        description: """
            The delivery state of a message sent with send_whatsapp, send_sms or send_email: queued, sending, sent, failed or dead, with attempts, \
            the provider's message id, the last error and when it was sent. Never the content.
            """,
        input: ToolSchema.object(required: ["message_id"], ["message_id": ["type": "string", "description": "the message_id a send answered"]]),
        output: ToolSchema.extending("Message"),
        annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    )

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let id = try arguments.decode(Arguments.self).message_id
        return try JSONValue(encoding: MessageView(try await messages.message(clientID: caller.clientID, id: id)))
    }
}
