import Foundation
import Logging
import MCP

/// The tools agents call over MCP, and how a call becomes a result: arguments checked and decoded, the service run
/// for the caller, and the answer given as structured content with a JSON text copy. A refused or failed call is a
/// result with `isError` carrying the error envelope (`error_code` as on REST), not a protocol error, so the agent
/// can read it and correct itself.
struct AgentToolbox: Sendable {
    let tools: [any AgentTool]
    let logger: Logger

    init(integrations: IntegrationService, messages: MessageService, conversations: ConversationService, logger: Logger) {
        tools = [
            SendTool<SendWhatsAppRequest>(definition: SendTool<SendWhatsAppRequest>.whatsapp, messages: messages),
            SendTool<SendEmailRequest>(definition: SendTool<SendEmailRequest>.email, messages: messages),
            SendTool<SendSMSRequest>(definition: SendTool<SendSMSRequest>.sms, messages: messages),
            QueryDatabaseTool(integrations: integrations),
            MessageStatusTool(messages: messages),
            ListConversationsTool(conversations: conversations),
            GetConversationTool(conversations: conversations),
            UpdateConversationTool(conversations: conversations),
            ReportEventTool(conversations: conversations),
        ]
        self.logger = logger
    }

    /// What `tools/list` answers.
    var definitions: [Tool] {
        tools.map { tool in
            let definition = tool.definition
            return Tool(
                name: definition.name, title: definition.title, description: definition.description, inputSchema: Self.value(definition.input),
                annotations: definition.annotations, outputSchema: Self.value(definition.output)
            )
        }
    }

    /// Runs a `tools/call`. An unknown tool is the protocol error the specification asks for.
    func call(_ name: String, arguments: [String: Value]?, caller: ToolCaller) async throws -> CallTool.Result {
        guard let tool = tools.first(where: { $0.definition.name == name }) else {
            throw MCPError.invalidParams("Unknown tool: \(name.prefix(64))")
        }
        do {
            let output = try await tool.run(try ToolArguments(arguments ?? [:], allowed: tool.definition.argumentNames), for: caller)
            return Self.result(output, isError: false)
        } catch {
            let envelope = GatewayError(error, logger: logger)
            logger.info("tool call refused", metadata: ["client.id": "\(caller.clientID)", "tool.name": "\(name)", "error.code": "\(envelope.code)"])
            return Self.result(envelope.body, isError: true)
        }
    }

    private static func result(_ output: JSONValue, isError: Bool) -> CallTool.Result {
        let structured: Value? = value(output)
        return CallTool.Result(content: [.text(text: text(output), annotations: nil, _meta: nil)], structuredContent: structured, isError: isError)
    }

    private static func text(_ json: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(json)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The SDK's JSON value for ours (both hold only JSON, so the conversion cannot fail).
    private static func value(_ json: JSONValue) -> Value {
        (try? JSONDecoder().decode(Value.self, from: JSONEncoder().encode(json))) ?? .null
    }
}
