import Foundation
import MCP

/// Answers one MCP Streamable HTTP request with the SDK's server, statelessly: each POST is served on its own with a
/// JSON answer and no session, so any gateway process can serve any request, and the tools act for the request's
/// credential alone (decision 0023).
struct MCPEndpoint: Sendable {
    let toolbox: AgentToolbox

    static let serverName = "gateway"
    static let serverVersion = "1.0.0"
    static let instructions = """
        Tools of the gateway for one client: send WhatsApp and email messages through its integrations, follow their delivery, and \
        read its database. Every tool acts for the client of the credential; a failed call answers isError with an error_code.
        """

    func handle(_ request: MCP.HTTPRequest, caller: ToolCaller) async -> MCP.HTTPResponse {
        let server = Server(
            name: Self.serverName, version: Self.serverVersion, instructions: Self.instructions, capabilities: .init(tools: .init(listChanged: false))
        )
        let toolbox = toolbox
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: toolbox.definitions) }
        await server.withMethodHandler(CallTool.self) { call in try await toolbox.call(call.name, arguments: call.arguments, caller: caller) }
        // Origin is checked before this (MCPController); JSON answers only, so clients need not accept SSE.
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ])
        )
        do {
            try await server.start(transport: transport)
        } catch {
            return .error(statusCode: 500, .internalError("the MCP server could not start"))
        }
        let response = await transport.handleRequest(request)
        await server.stop()
        return response
    }
}
